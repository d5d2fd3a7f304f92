from holosec.cli import main

main()
