"""The CLI reference (``docs/cli.md``), generated from the commands themselves so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer
import typer.main


def _commands(command: Any, path: str) -> Iterator[tuple[str, Any]]:
    children = getattr(command, "commands", None)
    if children is None:
        yield path, command
        return
    for name in sorted(children):
        yield from _commands(children[name], f"{path} {name}")


def _param_line(param: Any) -> str:
    names = (
        ", ".join(f"`{opt}`" for opt in param.opts)
        if param.param_type_name == "option"
        else f"`{param.name.upper()}...`"
    )
    help_text = (getattr(param, "help", None) or "").strip()
    default = param.default
    shown = (
        f" (default: `{default}`)"
        if default not in (None, False, "", ()) and param.param_type_name == "option"
        else ""
    )
    return f"- {names}: {help_text}{shown}"


def render(app: typer.Typer) -> str:
    """Markdown reference of every command of ``app``: what it does, its arguments and options."""
    lines = [
        "# holosec command reference",
        "",
        "Generated from the commands (`scripts/docs`); do not edit by hand.",
        "",
    ]
    for path, command in _commands(typer.main.get_command(app), "holosec"):
        lines += [f"## `{path}`", "", (command.help or "").strip(), ""]
        if command.epilog:
            lines += [command.epilog.strip(), ""]
        lines += [_param_line(param) for param in command.params]
        lines.append("")
    return "\n".join(lines)
