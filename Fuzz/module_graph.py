#!/usr/bin/env python3
"""Prints how to build a package module with everything it depends on, for Scripts/fuzz.

Reads `swift package dump-package` JSON on stdin; arguments are module names. Prints one line per
target, dependencies first, tab-separated:
    swift   NAME  SOURCE_FOLDER  SWIFT_FLAGS (space-separated, may be empty)
    c       NAME  SOURCE_FOLDER  LINKED_LIBRARIES
    system  NAME  SOURCE_FOLDER  PKG_CONFIG_NAME
    product NAME  -              PACKAGE_NAME
so the fuzz build follows Package.swift instead of keeping its own copy of the module graph.
"""
import json
import pathlib
import sys


def main() -> int:
    package = json.load(sys.stdin)
    targets = {t["name"]: t for t in package["targets"]}
    order: list[str] = []
    products: dict[str, str] = {}

    def visit(name: str) -> None:
        if name in order:
            return
        if name not in targets:
            sys.exit(f"module_graph: no target named {name} in Package.swift")
        for dependency in targets[name]["dependencies"]:
            kind, value = next(iter(dependency.items()))
            if kind == "product":
                products.setdefault(value[0], value[1] or value[0])
            else:
                visit(value[0])
        order.append(name)

    for name in sys.argv[1:]:
        visit(name)
    for product, package_name in products.items():
        print(f"product\t{product}\t-\t{package_name}")
    for name in order:
        target = targets[name]
        folder = target.get("path") or f"Sources/{name}"
        settings = target.get("settings") or []
        if target["type"] == "system":
            print(f"system\t{name}\t{folder}\t{target.get('pkgConfig') or ''}")
            continue
        flags = [f for s in settings if s["tool"] == "swift" and "unsafeFlags" in s["kind"]
                 for f in s["kind"]["unsafeFlags"]["_0"]]
        libraries = [s["kind"]["linkedLibrary"]["_0"] for s in settings
                     if s["tool"] == "linker" and "linkedLibrary" in s["kind"]]
        if not any(pathlib.Path(folder).rglob("*.swift")):
            print(f"c\t{name}\t{folder}\t{' '.join(libraries)}")
        else:
            print(f"swift\t{name}\t{folder}\t{' '.join(flags)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
