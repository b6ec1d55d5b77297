"""The GitHub configuration (workflows, issue forms, Dependabot, pre-commit) is valid and safe.

Schema checks use check-jsonschema's vendored schemas, so they run offline.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_TEMPLATES = GITHUB / "ISSUE_TEMPLATE"
PULL_REQUEST_WORKFLOW = GITHUB / "workflows" / "pull-request.yml"
DEPLOY_WORKFLOW = GITHUB / "workflows" / "deploy.yml"

PINNED = re.compile(r"@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")
# Untrusted text (issue and pull request bodies and titles, branch names, comments) must reach a
# script through `env:`, never by interpolation into `run:` (script injection).
INJECTION = re.compile(r"\$\{\{\s*github\.(event\.|head_ref)")


def check_jsonschema(schema: str, files: list[Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, f"{schema}:\n{result.stdout}\n{result.stderr}"


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` block; PyYAML (YAML 1.1) reads the bare key `on` as the boolean True."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "workflow zonder 'on:'"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for index, step in enumerate(job.get("steps", [])):
            yield job_id, index, step


def workflow_ids() -> list[str]:
    return [path.name for path in WORKFLOWS]


# --- schemas ---------------------------------------------------------------------------------


def test_workflows_exist():
    assert PULL_REQUEST_WORKFLOW in WORKFLOWS
    assert DEPLOY_WORKFLOW in WORKFLOWS
    assert len(WORKFLOWS) >= 2


def test_workflows_match_github_schema():
    check_jsonschema("vendor.github-workflows", WORKFLOWS)


def test_issue_forms_match_github_schema():
    assert (ISSUE_TEMPLATES / "praktijkvoorbeeld.yml").is_file(), "het issueformulier praktijkvoorbeeld.yml ontbreekt"
    forms = sorted(path for path in ISSUE_TEMPLATES.glob("*.y*ml") if path.stem != "config")
    check_jsonschema("vendor.github-issue-forms", forms)
    config = sorted(ISSUE_TEMPLATES.glob("config.y*ml"))
    if config:
        check_jsonschema("vendor.github-issue-config", config)


def test_dependabot_matches_schema_and_covers_actions_and_pip():
    check_jsonschema("vendor.dependabot", [GITHUB / "dependabot.yml"])
    ecosystems = {update["package-ecosystem"] for update in load_yaml(GITHUB / "dependabot.yml")["updates"]}
    assert {"github-actions", "pip"} <= ecosystems


# --- security properties of every workflow -----------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_ids())
def test_no_pull_request_target(path):
    assert "pull_request_target" not in triggers(load_yaml(path))


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_ids())
def test_every_action_is_pinned_to_a_release(path):
    workflow = load_yaml(path)
    uses = [(job_id, step["uses"]) for job_id, _, step in steps(workflow) if "uses" in step]
    uses += [(job_id, job["uses"]) for job_id, job in workflow["jobs"].items() if "uses" in job]
    for job_id, action in uses:
        if action.startswith(("./", "docker://")):
            continue
        assert PINNED.search(action), f"{path.name} ({job_id}): {action} is niet vastgepind op een release (@vX.Y.Z of een commit-SHA)"


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_ids())
def test_no_untrusted_input_in_run_scripts(path):
    for job_id, index, step in steps(load_yaml(path)):
        script = step.get("run", "")
        assert not INJECTION.search(script), (
            f"{path.name} ({job_id}, stap {index + 1}): zet ${{{{ github.event… }}}} in env: en gebruik de omgevingsvariabele in run:"
        )


# --- the pull request workflow ---------------------------------------------------------------


def test_pull_request_workflow_is_read_only():
    workflow = load_yaml(PULL_REQUEST_WORKFLOW)
    assert "pull_request" in triggers(workflow)
    assert workflow.get("permissions") == {"contents": "read"}
    for job_id, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        assert permissions in ({}, "read-all") or all(value in ("read", "none") for value in permissions.values()), job_id
    assert "secrets." not in PULL_REQUEST_WORKFLOW.read_text(encoding="utf-8")


def test_pull_request_workflow_checks_builds_tests_and_uploads_the_site():
    workflow = load_yaml(PULL_REQUEST_WORKFLOW)
    runs = [step.get("run", "") for _, _, step in steps(workflow)]
    for command in ("make check", "make site", "make test"):
        assert command in runs, command
    uploads = {
        step["with"]["path"].rstrip("/"): step for _, _, step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert "site" in uploads
    assert uploads["test-artifacts"].get("if") == "always()"


# --- the deploy workflow ----------------------------------------------------------------------


def test_deploy_workflow_permissions_and_concurrency():
    workflow = load_yaml(DEPLOY_WORKFLOW)
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" not in on
    assert workflow.get("permissions") == {"contents": "read"}
    concurrency = workflow.get("concurrency")
    assert isinstance(concurrency, dict) and concurrency.get("group"), "deploy heeft een concurrency-groep nodig"
    assert concurrency.get("cancel-in-progress") is False
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for job_id, job in jobs.items():
        if job_id != "deploy":
            assert all(value in ("read", "none") for value in job.get("permissions", {}).values()), job_id


def test_deploy_runs_only_after_check_and_tests_pass():
    jobs = load_yaml(DEPLOY_WORKFLOW)["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    needs = deploy.get("needs", [])
    assert "build" in ([needs] if isinstance(needs, str) else needs), "deploy moet op build wachten"
    assert "if" not in deploy, "deploy mag niet draaien als build mislukt"
    assert deploy["environment"]["name"] == "github-pages"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])

    positions = {}
    for index, step in enumerate(build["steps"]):
        assert "continue-on-error" not in step and "if" not in step, f"build-stap {index + 1} mag niet overgeslagen of genegeerd worden"
        if step.get("run") in ("make check", "make test", "make site"):
            positions[step["run"]] = index
        if step.get("uses", "").startswith("actions/upload-pages-artifact@"):
            positions["upload"] = index
            assert step["with"]["path"].rstrip("/") == "site"
    assert positions.keys() == {"make check", "make test", "make site", "upload"}
    assert positions["make check"] < positions["upload"]
    assert positions["make test"] < positions["upload"]
    assert positions["make site"] < positions["upload"]
    assert "continue-on-error" not in build


# --- pre-commit -------------------------------------------------------------------------------


def test_pre_commit_runs_the_validator_locally():
    config = load_yaml(REPO / ".pre-commit-config.yaml")
    assert all(repo["repo"] == "local" for repo in config["repos"]), "alleen lokale hooks: niets downloaden"
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    check = [hook for hook in hooks if hook["entry"] == "make check"]
    assert check, "geen hook die 'make check' draait"
    assert check[0]["pass_filenames"] is False
    assert re.match(check[0]["files"], "content/tips/voorbeeld.md")
