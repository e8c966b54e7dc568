"""The shape of the codebase (docs/architecture.md), checked so that it holds.

Every module of ours is read (not imported) and its imports collected, wherever they stand in
the file. Tests, migrations and bench scripts are left out: they may reach anything.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Which of our packages may import which: a package may import its own modules and those of
# packages on a lower layer, never a package on its own layer or above.
LAYERS = {
    "core": 0,  # shared helpers; imports nothing of ours
    "audit": 1,  # the record of who changed what readers see: knows no other app
    "articles": 2,  # stories, people, images: the ground every feature stands on
    "comments": 3,  # features, side by side, unaware of each other
    "engagement": 3,
    "newsletter": 3,
    "discovery": 3,
    "redirects": 3,
    "editorial": 3,
    "pages": 3,
    "live": 4,  # live stories: a story that grows, on top of corrections, comments and the rest
    "wordpress": 4,  # importers, on top of the features they fill
    "newsroom": 5,  # the project: settings, root URLs, site-wide commands
}
MAX_MODULE_LINES = 400


def is_left_out(path):
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or "migrations" in parts or parts[0] in {"bench", ".venv"} or parts == ("conftest.py",)


def our_modules():
    """{dotted module name: path} for every module of ours that the rules cover."""
    modules = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if is_left_out(path):
                continue
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[dotted.removesuffix(".__init__")] = path
    return modules


def imports_of(dotted, path):
    """The modules `path` imports, by absolute dotted name, from anywhere in the file."""
    package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            found.add(base)
            # `from package import module` names a module too.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_graph(modules):
    """{module: {modules of ours it imports}}."""
    return {
        dotted: {name for name in imports_of(dotted, path) if name in modules and name != dotted}
        for dotted, path in modules.items()
    }


def layer_violations(imports_by_module):
    """ "a.b imports c.d" for every import that goes sideways or up the layers."""
    problems = []
    for module, imported in sorted(imports_by_module.items()):
        own = module.split(".")[0]
        for name in sorted(imported):
            other = name.split(".")[0]
            if other == own or other not in LAYERS:
                continue
            if LAYERS[other] >= LAYERS[own]:
                problems.append(f"{module} imports {name}")
    return problems


def cycles(graph):
    """Each import circle once, as a list of modules (Tarjan's strongly connected components)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for neighbour in graph.get(node, ()):
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def modules():
    return our_modules()


def test_every_package_of_ours_has_a_place_in_the_layers():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"browser_tests"}  # tests reach anything
    assert packages - set(LAYERS) == set(), "Add the new package to LAYERS and to docs/architecture.md"


def test_no_module_imports_sideways_or_up_the_layers(modules):
    assert layer_violations(import_graph(modules)) == []


def test_no_two_modules_import_each_other_even_through_others(modules):
    assert cycles(import_graph(modules)) == []


def test_no_module_is_over_400_lines(modules):
    long = {name: n for name, path in modules.items() if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_the_checks_catch_what_they_are_for():
    graph = {
        "core.pagecache": {"articles.models"},  # the ground reaching up
        "comments.views": {"engagement.views"},  # one feature reaching into another
        "wordpress.importer": {"comments.services", "wordpress.threads"},  # fine
        "wordpress.threads": {"wordpress.importer"},  # a circle
    }
    assert layer_violations(graph) == [
        "comments.views imports engagement.views",
        "core.pagecache imports articles.models",
    ]
    assert cycles(graph) == [["wordpress.importer", "wordpress.threads"]]


def test_imports_are_found_anywhere_in_a_module(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("def view():\n    from engagement import readers\n    import discovery.search\n")
    assert imports_of("comments.views", module) >= {"engagement.readers", "discovery.search"}


PAGE_CACHE = "core.pagecache"
# What the page cache sets on requests and responses as it works: no one else may.
PAGE_CACHE_ATTRIBUTES = {"shared_page", "public_page", "page_versions", "page_cache", "page_cache_store"}


def reaching_into_the_page_cache(imports_by_module):
    """ "a.b imports core.pagecache.x" for every module outside the page cache that goes past its
    public API (core/pagecache/__init__.py)."""
    return sorted(
        f"{name} imports {imported}"
        for name, imported_names in imports_by_module.items()
        if not name.startswith(PAGE_CACHE)
        for imported in imported_names
        if imported.startswith(PAGE_CACHE + ".")
    )


def page_cache_attributes_set(path):
    """Lines of `path` that set one of the page cache's own request or response attributes."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            for each in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(each, ast.Attribute) and each.attr in PAGE_CACHE_ATTRIBUTES:
                    found.append(f"{path.name}:{node.lineno} sets .{each.attr}")
        is_setattr = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr"
        if is_setattr and len(node.args) > 1 and getattr(node.args[1], "value", None) in PAGE_CACHE_ATTRIBUTES:
            found.append(f"{path.name}:{node.lineno} sets .{node.args[1].value}")
    return found


def test_features_use_the_page_cache_only_through_its_public_api(modules):
    assert reaching_into_the_page_cache(import_graph(modules)) == []
    outside = [path for name, path in modules.items() if not name.startswith(PAGE_CACHE)]
    assert [line for path in outside for line in page_cache_attributes_set(path)] == []


def test_the_page_cache_checks_catch_what_they_are_for(tmp_path):
    graph = {
        "comments.views": {"core.pagecache", "core.pagecache.versions"},
        "core.pagecache": {"core.pagecache.pages"},
    }
    assert reaching_into_the_page_cache(graph) == ["comments.views imports core.pagecache.versions"]
    module = tmp_path / "views.py"
    module.write_text(
        "def view(request, response):\n    request.shared_page = True\n    setattr(response, 'page_cache_store', 1)\n"
    )
    assert page_cache_attributes_set(module) == ["views.py:2 sets .shared_page", "views.py:3 sets .page_cache_store"]
