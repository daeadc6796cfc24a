"""Data files that no parser should choke on: a byte order mark, a pipe, a huge or deeply
nested file. Each is a located message (or accepted), never a traceback or a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agreements.loading import MAX_BYTES


def test_a_byte_order_mark_in_agreements_toml_is_accepted(project: Path, cli) -> None:
    config = project / "agreements.toml"
    config.write_bytes(b"\xef\xbb\xbf" + config.read_bytes())
    result = cli("validate", str(project))
    assert result.exit_code == 0, result.output
    assert "valid: Testkracht" in result.output


def test_a_byte_order_mark_in_a_data_file_is_accepted(project: Path, cli) -> None:
    agents = project / "data" / "agents.yaml"
    agents.write_bytes(b"\xef\xbb\xbf" + agents.read_bytes())
    assert cli("validate", str(project)).exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_given_as_a_data_file_is_refused(project: Path, cli, monkeypatch) -> None:
    os.mkfifo(project / "data" / "pipe.yaml")
    config = project / "agreements.toml"
    config.write_text(config.read_text().replace('"data/agents.yaml"', '"data/pipe.yaml"'))
    monkeypatch.chdir(project)
    result = cli("validate", ".")  # reading the pipe would wait for a writer forever
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "agreements.toml:2:1: data[1]: 'data/pipe.yaml' is not a regular file; name a data file (.yaml, .json or .toml)"
    ]


def test_a_symlink_out_of_the_project_is_refused_as_a_data_file(
    project: Path, tmp_path: Path, cli, monkeypatch
) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("agents: []\n")
    (project / "data" / "agents.yaml").unlink()
    (project / "data" / "agents.yaml").symlink_to(outside)
    monkeypatch.chdir(project)
    result = cli("validate", ".")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "agreements.toml:2:1: data[1]: 'data/agents.yaml' is outside the project folder; keep data files inside it"
    ]


def test_a_file_above_the_size_limit_is_refused_at_the_line_that_crosses_it(project: Path, cli, monkeypatch) -> None:
    agents = project / "data" / "agents.yaml"
    line = "# " + "x" * 98 + "\n"  # 101 bytes
    agents.write_text(agents.read_text() + line * (MAX_BYTES // len(line) + 1))
    monkeypatch.chdir(project)
    result = cli("validate", ".")
    assert result.exit_code == 1
    [message] = result.stderr.splitlines()
    assert message.startswith("data/agents.yaml:")
    assert message.endswith(": the file is larger than 2 MB, the most a data file may be")
    assert int(message.split(":")[1]) > 20_000


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("agents.yaml", "agents: " + "[" * 900 + "]" * 900 + "\n"),
        ("agents.json", '{"agents": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
        ("agents.toml", "agents = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("agents.toml", "agents" + ".x" * 5_000 + " = 1\n"),
        ("agents.yaml", "agents: &loop [*loop]\n"),
    ],
    ids=["yaml", "json", "toml", "toml-dotted-keys", "yaml-recursive-alias"],
)
def test_nesting_at_any_depth_is_a_located_message(name: str, text: str, project: Path, cli, monkeypatch) -> None:
    (project / "data" / name).write_text(text)
    config = project / "agreements.toml"
    config.write_text(config.read_text().replace('"data/agents.yaml"', f'"data/{name}"'))
    monkeypatch.chdir(project)
    result = cli("validate", ".")
    assert result.exit_code == 1
    [message] = result.stderr.splitlines()
    assert message.startswith(f"data/{name}:1:")
    assert message.endswith("nested more than 32 levels deep; the data is never this deep")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2027-03-01 10:30:00", "write dates as YYYY-MM-DD, without a time, found 2027-03-01 10:30:00"),
        ("2027-03-01 10:30", "write dates as YYYY-MM-DD, found '2027-03-01 10:30'"),
        ("1 March 2027", "write dates as YYYY-MM-DD, found '1 March 2027'"),
        ("20270301", "write dates as YYYY-MM-DD, found 20270301"),
    ],
)
def test_a_date_written_otherwise_says_how_to_write_dates(
    written: str, message: str, project: Path, cli, monkeypatch
) -> None:
    enterprise = project / "data" / "enterprise.yaml"
    enterprise.write_text(enterprise.read_text().replace("effective_date: 2027-03-01", f"effective_date: {written}"))
    monkeypatch.chdir(project)
    result = cli("validate", ".")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"data/enterprise.yaml:5:19: enterprise.effective_date: {message}"]


def test_a_json_file_the_yaml_reader_cannot_take_says_json(project: Path, cli, monkeypatch) -> None:
    (project / "data" / "agents.json").write_text('{\n  "agents": ["Zo\\ud800e"]\n}\n')  # a lone surrogate escape
    config = project / "agreements.toml"
    config.write_text(config.read_text().replace('"data/agents.yaml"', '"data/agents.json"'))
    monkeypatch.chdir(project)
    result = cli("validate", ".")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "data/agents.json:2:19: malformed JSON: while parsing a quoted scalar, found invalid Unicode character escape code"
    ]
