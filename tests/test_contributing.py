"""The contributor workflow is true: what CONTRIBUTING.md, the templates and the GitHub
files say matches the repository.

* every command, script, file and folder CONTRIBUTING.md names exists (tools in
  ``.venv/bin`` are provided by one of the project's extras);
* its examples hold: the formatting examples, the register key and source key it uses,
  the fix-it commands the source gate prints, and the readability thresholds;
* the chapter template is a valid chapter that runs, whose glued names, citations and
  links resolve;
* the GitHub workflows are thin calls of the README's two commands, the pre-commit hooks
  need nothing from GitHub, and the licences and citation file are in place.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
import yaml

from guidance.core.evidence import bibliography_keys, load_register
from guidance.presentation.formatting import gbp, pct, whole

ROOT = Path(__file__).resolve().parents[1]
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
TEMPLATE = ROOT / "templates" / "chapter-template.md"
GITHUB = ROOT / ".github"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

EXAMPLE_CHAPTER = "ch9-new-chapter"

# Executables in .venv/bin and the dependency (in pyproject.toml) that provides each.
TOOLS = {
    "python": None,
    "pip": None,
    "jupytext": "jupytext",
    "jupyter-book": "jupyter-book",
    "jupyter": "ipykernel",
    "ruff": "ruff",
    "pre-commit": "pre-commit",
    "pytest": "pytest",
}


def text() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


def code_spans(source: str) -> list[str]:
    """Inline code and the lines of fenced code blocks."""
    spans = re.findall(r"(?<!`)`([^`\n]+)`(?!`)", source)
    for block in re.findall(r"```[a-z]*\n(.*?)```", source, re.DOTALL):
        spans += [line.strip() for line in block.splitlines() if line.strip()]
    return spans


def declared_dependencies() -> set[str]:
    names = set()
    for requirement in PYPROJECT["project"]["dependencies"] + [
        r for extra in PYPROJECT["project"]["optional-dependencies"].values() for r in extra
    ]:
        names.add(re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower())
    return names


def test_named_scripts_exist():
    scripts = set(re.findall(r"scripts/([\w-]+)", text()))
    assert {"build-book", "run-tests", "setup-env"} <= scripts
    missing = [s for s in scripts if not (ROOT / "scripts" / s).is_file()]
    assert not missing, f"CONTRIBUTING.md names scripts that do not exist: {missing}"


def test_setup_env_accepts_the_dev_extra_it_names():
    assert "bash scripts/setup-env dev" in text()
    assert "dev" in PYPROJECT["project"]["optional-dependencies"]
    assert '"$extra" = "dev"' in (ROOT / "scripts" / "setup-env").read_text(encoding="utf-8")


def test_named_tools_come_from_the_project_extras():
    tools = set(re.findall(r"\.venv/bin/([\w-]+)", text()))
    assert tools, "CONTRIBUTING.md names no .venv tools"
    unknown = tools - set(TOOLS)
    assert not unknown, f"CONTRIBUTING.md names tools this test does not know: {unknown}"
    provided = declared_dependencies()
    missing = {t for t in tools if TOOLS[t] and TOOLS[t] not in provided}
    assert not missing, f"no extra in pyproject.toml installs {missing}"


def test_named_paths_exist():
    paths = set()
    for span in code_spans(text()):
        for token in re.findall(r"[\w./<>-]+", span):
            token = token.rstrip(".")
            if "/" in token and not token.startswith((".venv/", "_build", "http")):
                paths.add(token)
    assert len(paths) > 10, paths
    missing = []
    for path in sorted(paths):
        if EXAMPLE_CHAPTER in path:  # the made-up chapter in the fix-it examples
            continue
        if "<" in path:  # a placeholder: its folder must exist
            path = path.split("<", 1)[0]
        if not (ROOT / path).exists():
            missing.append(path)
    assert not missing, f"CONTRIBUTING.md names paths that do not exist: {missing}"


def test_named_test_files_exist():
    named = set(re.findall(r"tests/(test_[\w]+\.py)", text()))
    assert {"test_gate_readability.py", "test_gate_sources.py", "test_book_browser.py"} <= named
    missing = [n for n in named if not (ROOT / "tests" / n).is_file()]
    assert not missing, missing


def test_style_examples_hold():
    source = text()
    assert "`gbp(2000)` gives £2,000" in source and gbp(2000) == "£2,000"
    assert "`pct(0.38)` gives 38%" in source and pct(0.38) == "38%"
    assert "`whole(1200)` gives 1,200" in source and whole(1200) == "1,200"


def test_example_keys_exist():
    source = text()
    register = load_register()
    for key in set(re.findall(r'ev\.value\("([\w.]+)"\)', source)) | {"fss.share_interested"}:
        assert key in register, f"CONTRIBUTING.md uses register key {key!r}, not in the register"
    cited = set(re.findall(r"\{cite:[pt]\}`([\w-]+)`", source))
    assert cited and cited <= bibliography_keys(), cited - bibliography_keys()
    for doc in re.findall(r"\{doc\}`([\w-]+)`", source):
        assert (ROOT / "book" / f"{doc}.md").is_file(), doc


def test_fix_commands_match_the_source_gate():
    from test_gate_sources import JUPYTEXT

    source = text()
    assert f"{JUPYTEXT} --to myst --set-kernel python3 book/" in source
    assert re.search(
        rf"{re.escape(JUPYTEXT)} --to myst book/\S+\.ipynb && rm book/\S+\.ipynb", source
    )
    assert "No executed `.ipynb` copies are kept" in source


def test_readability_thresholds_match_the_gate():
    from test_gate_readability import LONG_WORDS, MAX_LONG_SHARE

    source = text()
    assert f"over {LONG_WORDS} words" in source
    assert f"more than {round(MAX_LONG_SHARE * 100)}% of its sentences" in source


def test_every_gate_test_file_is_documented():
    documented = set(re.findall(r"tests/(test_gate_\w+\.py)", text()))
    on_disk = {p.name for p in (ROOT / "tests").glob("test_gate_*.py")}
    assert on_disk <= documented, f"gates missing from CONTRIBUTING.md: {on_disk - documented}"


# -- the chapter template -------------------------------------------------------------------


def test_template_is_a_valid_chapter():
    from test_gate_sources import header_problem

    source = TEMPLATE.read_text(encoding="utf-8")
    assert header_problem(source) is None
    assert "templates/chapter-template.md" not in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    glued = set(re.findall(r'glue\("([\w.]+)"', source))
    used = set(re.findall(r"\{glue:text\}`([\w.]+)`", source.replace("{glue:text}`name`", "")))
    assert used and used <= glued, f"glued names used but not glued: {used - glued}"
    for key in re.findall(r'ev\.value\("([\w.]+)"\)', source):
        assert key in load_register(), key
    cited = set(re.findall(r"\{cite:[pt]\}`([\w-]+)`", source)) - {"key"}
    assert cited and cited <= bibliography_keys()
    assert "show_figure(" in source and "alt=" in source and "show_table(" in source
    assert ":tags: [remove-cell]" in source and ":tags: [remove-input]" in source


def test_template_runs():
    jupytext = pytest.importorskip("jupytext")
    nbclient = pytest.importorskip("nbclient")
    notebook = jupytext.read(TEMPLATE)
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=300).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any('alt="Bar chart' in h for h in html), "the template's figure has no alt text"
    assert any("<caption>" in h for h in html), "the template's table has no caption"


# -- GitHub, pre-commit, licences ---------------------------------------------------------


def workflow(name: str) -> dict:
    return yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))


def run_steps(flow: dict) -> list[str]:
    return [s["run"].strip() for job in flow["jobs"].values() for s in job["steps"] if "run" in s]


def test_tests_workflow_runs_the_readme_command():
    flow = workflow("tests.yml")
    assert run_steps(flow) == ["bash scripts/run-tests"]
    assert "bash scripts/run-tests" in (ROOT / "README.md").read_text(encoding="utf-8")
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads "on" as True
    assert "pull_request" in triggers and "push" in triggers


def test_publish_workflow_gates_builds_and_deploys_main():
    flow = workflow("publish.yml")
    assert run_steps(flow) == ["bash scripts/run-tests", "bash scripts/build-book"]
    triggers = flow[True] if True in flow else flow["on"]
    assert triggers["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in flow["jobs"].values() for s in job["steps"]]
    upload = next(
        s
        for job in flow["jobs"].values()
        for s in job["steps"]
        if s.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert upload["with"]["path"] == "_build/html"
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert flow["permissions"]["pages"] == "write"


def test_pull_request_and_issue_templates():
    pr = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "bash scripts/build-book" in pr and "bash scripts/run-tests" in pr
    forms = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
    forms = [f for f in forms if f.name != "config.yml"]
    assert len(forms) >= 3
    for form in forms:
        data = yaml.safe_load(form.read_text(encoding="utf-8"))
        assert data["name"] and data["description"], form.name
        assert any(item.get("validations", {}).get("required") for item in data["body"]), (
            f"{form.name} has no required field"
        )
        for item in data["body"]:
            if item["type"] != "markdown":
                assert item["attributes"]["label"].strip(), form.name


def test_pre_commit_hooks_are_local_and_complete():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert all(repo["repo"] == "local" for repo in config["repos"]), (
        "hooks must not be fetched from GitHub (use repo: local)"
    )
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    expected = {
        "ruff-check",
        "ruff-format",
        "trailing-whitespace",
        "end-of-file-fixer",
        "check-yaml",
        "check-added-large-files",
        "chapters-are-myst",
    }
    assert expected <= set(hooks), expected - set(hooks)
    provided = declared_dependencies()
    for hook in hooks.values():
        if hook["language"] == "system":
            tool = re.match(r"\.venv/bin/([\w-]+)", hook["entry"]).group(1)
            assert tool in TOOLS and (TOOLS[tool] is None or TOOLS[tool] in provided), hook["id"]
        else:
            assert hook["language"] == "python" and hook["additional_dependencies"], hook["id"]
    assert "tests/test_gate_sources.py" in hooks["chapters-are-myst"]["entry"]
    assert (ROOT / "tests" / "test_gate_sources.py").is_file()
    assert "pre-commit" in provided


def test_licences_and_citation():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    content = (ROOT / "LICENSE-content").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0" in content and "CC BY 4.0" in content
    assert "creativecommons.org/licenses/by/4.0/legalcode" in content
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "version", "license"):
        assert citation.get(key), key
    assert str(citation["version"]) == PYPROJECT["project"]["version"]
    assert set(citation["license"]) == {"MIT", "CC-BY-4.0"}
    assert PYPROJECT["project"]["license"] == "MIT"
