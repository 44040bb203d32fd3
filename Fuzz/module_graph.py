#!/usr/bin/env python3
"""Prints how to build a package module with everything it depends on, for Scripts/fuzz.

Reads `swift package dump-package` JSON on stdin; arguments are module names. Prints one line per
target, dependencies first, tab-separated:
    swift   NAME  SOURCE_FOLDER  SWIFT_FLAGS (space-separated, may be empty)
    c       NAME  SOURCE_FOLDER  LINKER_ARGUMENTS (-lname and unsafe flags)
    system  NAME  SOURCE_FOLDER  PKG_CONFIG_NAME
so the fuzz build follows Package.swift instead of keeping its own copy of the module graph. A package
product (ZIPFoundation) is followed into its checkout under .build/checkouts, whose manifest is read the
same way, so its targets are built from source like ours.
"""
import json
import pathlib
import subprocess
import sys

CHECKOUTS = pathlib.Path(".build/checkouts")


def dump_package(folder: pathlib.Path) -> dict:
    if not folder.is_dir():
        subprocess.run(["swift", "package", "resolve"], check=True, stdout=sys.stderr)
    text = subprocess.run(["swift", "package", "--package-path", str(folder), "dump-package"],
                          check=True, capture_output=True, text=True).stdout
    return json.loads(text)


class Graph:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.seen: set[str] = set()

    def visit(self, package: dict, root: pathlib.Path, name: str) -> None:
        if name in self.seen:
            return
        targets = {t["name"]: t for t in package["targets"]}
        if name not in targets:
            sys.exit(f"module_graph: no target named {name} in {root / 'Package.swift'}")
        target = targets[name]
        for dependency in target["dependencies"]:
            kind, value = next(iter(dependency.items()))
            if kind == "product":
                self.visit_product(value[0], value[1] or value[0])
            else:
                self.visit(package, root, value[0])
        self.seen.add(name)
        self.lines.append(describe(target, root))

    def visit_product(self, product: str, package_name: str) -> None:
        root = CHECKOUTS / package_name
        package = dump_package(root)
        matches = [p for p in package["products"] if p["name"] == product]
        if not matches:
            sys.exit(f"module_graph: package {package_name} has no product {product}")
        for name in matches[0]["targets"]:
            self.visit(package, root, name)


def describe(target: dict, root: pathlib.Path) -> str:
    name = target["name"]
    folder = root / (target.get("path") or f"Sources/{name}")
    settings = target.get("settings") or []
    if target["type"] == "system":
        return f"system\t{name}\t{folder}\t{target.get('pkgConfig') or ''}"
    swift_flags = [f for s in settings if s["tool"] == "swift" and "unsafeFlags" in s["kind"]
                   for f in s["kind"]["unsafeFlags"]["_0"]]
    # C defines reach the Clang importer of a Swift target (ZIPFoundation's _GNU_SOURCE).
    for s in settings:
        if s["tool"] == "c" and "define" in s["kind"]:
            swift_flags += ["-Xcc", f"-D{s['kind']['define']['_0']}"]
    linker = []
    for s in settings:
        if s["tool"] != "linker":
            continue
        if "linkedLibrary" in s["kind"]:
            linker.append(f"-l{s['kind']['linkedLibrary']['_0']}")
        elif "unsafeFlags" in s["kind"]:
            linker += s["kind"]["unsafeFlags"]["_0"]
    if not any(folder.rglob("*.swift")):
        return f"c\t{name}\t{folder}\t{' '.join(linker)}"
    return f"swift\t{name}\t{folder}\t{' '.join(swift_flags)}"


def main() -> int:
    graph = Graph()
    root_package = json.load(sys.stdin)
    for name in sys.argv[1:]:
        graph.visit(root_package, pathlib.Path("."), name)
    print("\n".join(graph.lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
