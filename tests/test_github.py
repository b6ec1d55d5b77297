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


# --- least privilege (issue 9) -----------------------------------------------------------------

CONVERT_WORKFLOW = GITHUB / "workflows" / "voorbeeld-uit-issue.yml"
REVIEW_WORKFLOW = GITHUB / "workflows" / "beoordeling.yml"
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")
TOKEN_WORDS = ("secrets.", "github.token")


def all_uses(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        if "uses" in job:
            yield job_id, job["uses"]
        for step in job.get("steps", []):
            if "uses" in step:
                yield job_id, step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_ids())
def test_every_third_party_action_is_pinned_by_full_commit_sha_with_its_version(path):
    text = path.read_text(encoding="utf-8")
    for job_id, action in all_uses(load_yaml(path)):
        if action.startswith(("./", "docker://")):
            continue
        assert SHA_PIN.match(action), f"{path.name} ({job_id}): {action} is niet vastgepind op een volledige commit-SHA"
        for line in [line for line in text.splitlines() if action in line]:
            assert VERSION_COMMENT.search(line), f"{path.name}: zet de versie als commentaar achter {action} (# vX.Y.Z)"


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_ids())
def test_every_job_has_a_time_limit(path):
    for job_id, job in load_yaml(path)["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 60, f"{path.name}: {job_id}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_ids())
def test_checkout_never_keeps_credentials(path):
    for job_id, _index, step in steps(load_yaml(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: {job_id}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_ids())
def test_only_the_deploy_job_may_publish(path):
    workflow = load_yaml(path)
    scopes = [("top", workflow.get("permissions") or {})]
    scopes += [(job_id, job.get("permissions") or {}) for job_id, job in workflow["jobs"].items()]
    for where, permissions in scopes:
        assert permissions not in ("write-all",), f"{path.name}: {where}"
        for scope in ("pages", "id-token"):
            if permissions.get(scope) == "write":
                assert (path, where) == (DEPLOY_WORKFLOW, "deploy"), f"{path.name}: {where} mag niet publiceren"


def test_conversion_job_keeps_its_token_away_from_the_issue_text():
    workflow = load_yaml(CONVERT_WORKFLOW)
    assert workflow.get("permissions") == {}, "rechten alleen op de job, niet voor de hele workflow"
    [(job_id, job)] = workflow["jobs"].items()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert not any(word in str(job.get("env", {})) for word in TOKEN_WORDS), "geen token in de omgeving van de job"
    holders = []
    for step in job["steps"]:
        if any(word in str(step) for word in TOKEN_WORDS):
            holders.append(step.get("uses", step.get("name")))
        if "ISSUE_BODY" in str(step.get("env", {})):
            assert not any(word in str(step) for word in TOKEN_WORDS), "de stap met de issuetekst krijgt geen token"
    assert holders == [
        "peter-evans/create-pull-request@5e914681df9dc83aa4e4905692ca88beb2f9e91f", "Uitkomst op het issue zetten"], holders


def test_conversion_job_checks_builds_and_always_reports_on_the_issue():
    [job] = load_yaml(CONVERT_WORKFLOW)["jobs"].values()
    by_id = {step.get("id"): step for step in job["steps"] if step.get("id")}
    assert "make check 2>&1 | tee" in by_id["check"]["run"] and "set -o pipefail" in by_id["check"]["run"]
    assert "make site 2>&1 | tee" in by_id["site"]["run"] and "set -o pipefail" in by_id["site"]["run"]
    assert "steps.check.outcome == 'success'" in by_id["pr"]["if"] and "steps.site.outcome == 'success'" in by_id["pr"]["if"]
    [report] = [step for step in job["steps"] if "gh issue comment" in step.get("run", "")]
    assert report["if"] == "always()"
    assert "--body-file" in report["run"]
    assert job["steps"][-1]["run"].strip().endswith("exit 1"), "a failed check or build fails the job"


def run_step_script(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), **env})


def report_script() -> str:
    [job] = load_yaml(CONVERT_WORKFLOW)["jobs"].values()
    [report] = [step for step in job["steps"] if "gh issue comment" in step.get("run", "")]
    return report["run"]


@pytest.mark.parametrize("outcomes,expected", [
    ({"OMZETTEN": "success", "CHECK": "success", "SITE": "success", "PR": "success", "PR_URL": "https://github.com/o/r/pull/9"},
     "Pull request: https://github.com/o/r/pull/9"),
    ({"OMZETTEN": "failure", "CHECK": "", "SITE": "", "PR": ""}, "kon niet worden omgezet"),
    ({"OMZETTEN": "success", "CHECK": "failure", "SITE": "", "PR": ""}, "vond fouten"),
    ({"OMZETTEN": "success", "CHECK": "success", "SITE": "failure", "PR": ""}, "niet mee worden gebouwd"),
])
def test_the_issue_comment_says_what_happened_in_dutch(tmp_path, outcomes, expected):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_gh = bin_dir / "gh"
    fake_gh.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$RUNNER_TEMP/gh-args"\n', encoding="utf-8")
    fake_gh.chmod(0o755)
    forged = "titel: [1]\n~~~~\n```\n@iemand\n::error file=x::y\n"
    for name in ("omzetten.txt", "check.txt", "site.txt"):
        (tmp_path / name).write_text(forged, encoding="utf-8")
    env = {"RUNNER_TEMP": str(tmp_path), "ISSUE_NUMBER": "7", "GITHUB_REPOSITORY": "o/r", "RUN_URL": "https://x/run/1",
           "PR_URL": "", **outcomes}
    result = subprocess.run(["bash", "-e", "-c", report_script()], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={"PATH": f"{bin_dir}:/usr/bin:/bin", **env})
    assert result.returncode == 0, result.stderr
    args = (tmp_path / "gh-args").read_text(encoding="utf-8").split("\n")
    assert args[:5] == ["issue", "comment", "7", "--repo", "o/r"]
    comment = (tmp_path / "reactie.md").read_text(encoding="utf-8")
    assert expected in comment, comment
    assert "Details: https://x/run/1" in comment
    if outcomes["OMZETTEN"] != "success" or outcomes["CHECK"] != "success":
        # The output sits in one code block that nothing in it can close.
        inside = comment.split("~~~~text\n", 1)[1].rsplit("\n~~~~\n", 1)[0]
        assert "~" not in inside and "`" not in inside, inside
        assert "::error" not in inside  # annotations are for the log, not for the comment
        assert comment.count("~~~~") == 2


def review_script() -> str:
    [job] = load_yaml(REVIEW_WORKFLOW)["jobs"].values()
    [script] = [step["run"] for step in job["steps"] if "run" in step]
    return script


def merged_pull_request(tmp_path: Path, files: dict[str, str], moves: dict[str, str] | None = None) -> Path:
    """A git repository whose HEAD merges a 'pull request' with the given files into main."""
    repo = tmp_path / "git"
    repo.mkdir()
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env})

    git("init", "-q", "-b", "main")
    (repo / "content").mkdir()
    (repo / "content" / "a.md").write_text("a\n")
    (repo / "README.md").write_text("r\n")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "pr")
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    for old, new in (moves or {}).items():
        git("mv", old, new)
    git("add", "-A")
    git("commit", "-qm", "change")
    git("checkout", "-q", "main")
    (repo / "content" / "b.md").write_text("b\n")  # main moved on: only the PR's own files count
    git("add", "-A")
    git("commit", "-qm", "main moves")
    git("merge", "-q", "--no-ff", "-m", "merge", "pr")
    return repo


def test_review_check_passes_a_content_only_pull_request(tmp_path):
    repo = merged_pull_request(tmp_path, {"content/tips/nieuw.md": "x\n"})
    result = run_step_script(review_script(), repo, {"RUNNER_TEMP": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "alleen bestanden in content/" in result.stdout


def test_review_check_fails_and_lists_everything_outside_content(tmp_path):
    forged = "::error file=x::vervalst.txt"
    repo = merged_pull_request(tmp_path, {"content/tips/nieuw.md": "x\n", "Makefile": "all:\n", ".github/workflows/x.yml": "x\n",
                                          "overrides/main.html": "x\n", "requirements.txt": "x\n", "docs/index.md": "x\n", forged: "x\n"})
    result = run_step_script(review_script(), repo, {"RUNNER_TEMP": str(tmp_path)})
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for rel in ("Makefile", ".github/workflows/x.yml", "overrides/main.html", "requirements.txt", "docs/index.md"):
        assert f"- {rel}" in lines, result.stdout
    assert "- content/tips/nieuw.md" not in lines and "- content/b.md" not in lines
    assert f"- {forged}" in lines  # printed, but never at the start of a line
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert commands[0].startswith("::stop-commands::") and commands[1] == "::" + commands[0].split("::")[2] + "::"
    assert commands[2].startswith("::error title=Beoordeling nodig::") and "beheerder" in commands[2]
    assert len(commands) == 3, commands


def test_review_check_sees_a_file_moved_into_content(tmp_path):
    # git diff reports a rename by its new path only; moving code into content/ must still need a review.
    repo = merged_pull_request(tmp_path, {}, moves={"README.md": "content/README.md"})
    result = run_step_script(review_script(), repo, {"RUNNER_TEMP": str(tmp_path)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "- README.md" in result.stdout.splitlines()


def test_review_check_runs_on_pull_requests_read_only():
    workflow = load_yaml(REVIEW_WORKFLOW)
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    assert not any(word in REVIEW_WORKFLOW.read_text(encoding="utf-8") for word in TOKEN_WORDS)


def test_codeowners_send_everything_outside_content_to_maintainers():
    lines = [line.split() for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    rules = {parts[0]: parts[1:] for parts in lines}
    assert rules["*"] and all(owner.startswith("@") for owner in rules["*"])
    assert lines[0][0] == "*", "the catch-all comes first, so later lines can narrow it"
    assert rules["/.github/"] == rules["*"]


def test_dependabot_keeps_the_pinned_actions_up_to_date():
    updates = load_yaml(GITHUB / "dependabot.yml")["updates"]
    assert any(update["package-ecosystem"] == "github-actions" and update["directory"] == "/" for update in updates)
