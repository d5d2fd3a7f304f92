"""The dashboard: server-rendered pages (:mod:`holosec.web.pages`) over page data computed from the library
(:mod:`holosec.web.views`), charts drawn by the locally served Vega bundle, English and Chinese."""
