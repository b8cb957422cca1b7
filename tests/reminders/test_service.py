"""`bodesk service`: the scheduler's files for Linux (verified by systemd where it is installed),
macOS and Windows, each running the same bodesk on the same workspace."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bodesk import service

HOME = Path("/srv/office files/bodesk 100%")  # spaces and a % sign: quoting must hold


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed here")
def test_systemd_accepts_the_user_timers(tmp_path: Path) -> None:
    files = service.systemd_units(HOME, tmp_path)
    for f in files:
        f.path.write_text(f.content, encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bodesk-remind.service", "bodesk-remind.timer", "bodesk-sync.service", "bodesk-sync.timer"]
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *(str(f.path) for f in files)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    sync = (tmp_path / "bodesk-sync.service").read_text(encoding="utf-8")
    assert '"--home" "/srv/office files/bodesk 100%%" "sync" "--once"' in sync


def test_a_broken_unit_would_be_noticed(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd is not installed here")
    bad = tmp_path / "bodesk-bad.timer"
    bad.write_text("[Timer]\nOnUnitActiveSec=often\n", encoding="utf-8")
    assert subprocess.run(["systemd-analyze", "verify", "--man=no", str(bad)], capture_output=True).returncode != 0


def test_launchd_agents_have_their_required_keys(tmp_path: Path) -> None:
    for f, task in zip(service.launchd_agents(HOME, tmp_path), service.SCHEDULE):
        plist = plistlib.loads(f.content.encode("utf-8"))
        assert plist["Label"] == f"org.bodesk.{task}"
        assert plist["ProgramArguments"][-4:] == ["--home", str(HOME), task, "--once"]
        assert plist["StartInterval"] == service.SCHEDULE[task] * 60 and plist["RunAtLoad"] is True


def test_windows_tasks_repeat_and_run_bodesk(tmp_path: Path) -> None:
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    for f, task in zip(service.windows_tasks(HOME, tmp_path), service.SCHEDULE):
        root = ET.fromstring(f.content.replace('encoding="UTF-16"', ""))
        assert root.find("t:Triggers/t:TimeTrigger/t:Repetition/t:Interval", ns).text == f"PT{service.SCHEDULE[task]}M"
        assert root.find("t:Settings/t:MultipleInstancesPolicy", ns).text == "IgnoreNew"
        arguments = root.find("t:Actions/t:Exec/t:Arguments", ns).text
        assert f'"{HOME}" {task} --once' in arguments


def test_install_writes_the_files_and_remove_takes_them_away(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr(service, "_run", lambda args: (False, "no user session"))  # no systemd --user here
    said = service.install(tmp_path / "ws", "linux")
    units = tmp_path / "systemd" / "user"
    assert (units / "bodesk-sync.timer").exists() and service.installed(tmp_path / "ws", "linux")
    assert "could not be enabled (no user session)" in said[-1]
    service.remove(tmp_path / "ws", "linux")
    assert not any(units.iterdir()) and not service.installed(tmp_path / "ws", "linux")
