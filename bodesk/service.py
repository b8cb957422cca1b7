"""bodesk when the window is closed: `bodesk sync` and `bodesk remind` registered with the
operating system's scheduler, for one workspace.

- Linux: systemd user units (`~/.config/systemd/user/bodesk-sync.{service,timer}` and
  `bodesk-remind.…`), enabled with `systemctl --user` when a user manager runs;
- macOS: launchd agents (`~/Library/LaunchAgents/org.bodesk.sync.plist`, `….remind.plist`);
- Windows: Task Scheduler tasks (`schtasks /Create /XML`), the task XML written beside the workspace.

Each job runs the same `bodesk` the user runs, with `--home` naming the workspace, so the window and
the scheduled run share the workspace's store (their locks keep them from working on the same
source or reminders at once). No Qt, no SQL.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

#: How often each task runs, in minutes.
SCHEDULE = {"sync": 15, "remind": 60}
LABEL = "org.bodesk"


@dataclass(frozen=True)
class ServiceFile:
    """A file the scheduler reads, and where it goes."""

    path: Path
    content: str


def command(task: str, home: Path) -> list[str]:
    """The command line of one scheduled run: this Python running bodesk on the workspace."""
    if getattr(sys, "frozen", False):  # the installed bundle: its own executable
        return [sys.executable, "--home", str(home), task, "--once"]
    return [sys.executable, "-m", "bodesk", "--home", str(home), task, "--once"]


def _systemd_quote(args: list[str]) -> str:
    # systemd splits ExecStart like a shell (double quotes, backslash escapes) and expands % specifiers.
    return " ".join('"' + a.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"' for a in args)


def systemd_units(home: Path, unit_dir: Path) -> list[ServiceFile]:
    files = []
    for task, minutes in SCHEDULE.items():
        name = f"bodesk-{task}"
        service = (
            "[Unit]\n"
            f"Description=bodesk {task} for the workspace {home}\n"
            "After=network-online.target\n"
            "Wants=network-online.target\n\n"
            "[Service]\n"
            "Type=oneshot\n"
            f"ExecStart={_systemd_quote(command(task, home))}\n"
            "Nice=10\n"
            "TimeoutStartSec=1h\n"
        )
        timer = (
            "[Unit]\n"
            f"Description=Run bodesk {task} every {minutes} minutes\n\n"
            "[Timer]\n"
            "OnStartupSec=2min\n"
            f"OnUnitActiveSec={minutes}min\n"
            "Persistent=true\n"
            f"Unit={name}.service\n\n"
            "[Install]\n"
            "WantedBy=timers.target\n"
        )
        files += [ServiceFile(unit_dir / f"{name}.service", service), ServiceFile(unit_dir / f"{name}.timer", timer)]
    return files


def launchd_agents(home: Path, agent_dir: Path) -> list[ServiceFile]:
    files = []
    logs = home / "logs"
    for task, minutes in SCHEDULE.items():
        plist = {
            "Label": f"{LABEL}.{task}",
            "ProgramArguments": command(task, home),
            "StartInterval": minutes * 60,
            "RunAtLoad": True,
            "ProcessType": "Background",
            "StandardOutPath": str(logs / f"{task}.out.log"),
            "StandardErrorPath": str(logs / f"{task}.err.log"),
        }
        files.append(ServiceFile(agent_dir / f"{LABEL}.{task}.plist", plistlib.dumps(plist).decode("utf-8")))
    return files


def windows_tasks(home: Path, task_dir: Path) -> list[ServiceFile]:
    files = []
    for task, minutes in SCHEDULE.items():
        args = command(task, home)
        xml = f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>bodesk {task} for the workspace {escape(str(home))}</Description>
  </RegistrationInfo>
  <Triggers>
    <TimeTrigger>
      <StartBoundary>2026-01-01T00:00:00</StartBoundary>
      <Repetition>
        <Interval>PT{minutes}M</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
      <Enabled>true</Enabled>
    </TimeTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>
    <Hidden>true</Hidden>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(args[0])}</Command>
      <Arguments>{escape(subprocess.list2cmdline(args[1:]))}</Arguments>
    </Exec>
  </Actions>
</Task>
"""
        files.append(ServiceFile(task_dir / f"bodesk-{task}.xml", xml))
    return files


def platform_name() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def service_files(home: Path, platform: str | None = None) -> list[ServiceFile]:
    platform = platform or platform_name()
    if platform == "windows":
        return windows_tasks(home, home / "service")
    if platform == "macos":
        return launchd_agents(home, Path.home() / "Library" / "LaunchAgents")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return systemd_units(home, config / "systemd" / "user")


def _run(args: list[str]) -> tuple[bool, str]:
    """Run a scheduler command; returns whether it worked and what it said (never raises)."""
    if shutil.which(args[0]) is None:
        return False, f"{args[0]} is not available"
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    return done.returncode == 0, (done.stderr or done.stdout).strip()


def install(home: Path, platform: str | None = None) -> list[str]:
    """Write the scheduler's files and register them; returns sentences saying what was done."""
    platform = platform or platform_name()
    files = service_files(home, platform)
    for f in files:
        f.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.path.with_name(f.path.name + ".part")
        tmp.write_text(f.content, encoding="utf-16" if platform == "windows" else "utf-8")
        tmp.replace(f.path)
    said = [f"Wrote {f.path}." for f in files]
    if platform == "linux":
        ok, out = _run(["systemctl", "--user", "daemon-reload"])
        if ok:
            ok, out = _run(["systemctl", "--user", "enable", "--now", "bodesk-sync.timer", "bodesk-remind.timer"])
        said.append("The timers are enabled: bodesk syncs every 15 minutes and reminds every hour."
                    if ok else f"The timers could not be enabled ({out}); run `systemctl --user enable --now "
                               "bodesk-sync.timer bodesk-remind.timer` in your desktop session.")
    elif platform == "macos":
        for f in files:
            ok, out = _run(["launchctl", "load", "-w", str(f.path)])
            said.append(f"Loaded {f.path.name}." if ok else f"{f.path.name} could not be loaded ({out}).")
    else:
        for task, f in zip(SCHEDULE, files):
            ok, out = _run(["schtasks", "/Create", "/F", "/TN", f"bodesk {task}", "/XML", str(f.path)])
            said.append(f"Scheduled “bodesk {task}”." if ok else f"“bodesk {task}” could not be scheduled ({out}).")
    return said


def remove(home: Path, platform: str | None = None) -> list[str]:
    platform = platform or platform_name()
    files = service_files(home, platform)
    said = []
    if platform == "linux":
        _run(["systemctl", "--user", "disable", "--now", "bodesk-sync.timer", "bodesk-remind.timer"])
    elif platform == "macos":
        for f in files:
            _run(["launchctl", "unload", "-w", str(f.path)])
    else:
        for task in SCHEDULE:
            _run(["schtasks", "/Delete", "/F", "/TN", f"bodesk {task}"])
    for f in files:
        if f.path.exists():
            f.path.unlink()
            said.append(f"Removed {f.path}.")
    if platform == "linux":
        _run(["systemctl", "--user", "daemon-reload"])
    return said or ["bodesk was not scheduled; nothing to remove."]


def installed(home: Path, platform: str | None = None) -> bool:
    return all(f.path.exists() for f in service_files(home, platform))


