"""The checklists a workspace starts with; the office edits them from there (Onboarding › Templates…)."""

from __future__ import annotations

from bodesk.core.onboarding import OFFBOARDING, ONBOARDING, Meeting, TaskSpec, TemplateSpec

_OM, _MANAGER, _IT, _HIRE = "office_manager", "manager", "it", "hire"

_COMMON_START = (
    TaskSpec("Send the offer letter and contract for signature", -21, _OM, "paperwork", document="Signed contract"),
    TaskSpec("Collect tax forms, bank details and ID for payroll", -14, _OM, "paperwork", document="Tax form"),
    TaskSpec("Add to payroll", -10, _OM, "paperwork"),
    TaskSpec("Order laptop and phone", -10, _IT, "equipment", blocks_day_one=True),
    TaskSpec("Create email and calendar accounts", -3, _IT, "accounts", blocks_day_one=True),
    TaskSpec("Prepare desk, keys and building badge", -2, _OM, "equipment", blocks_day_one=True),
    TaskSpec("Send a welcome email with first-day details", -2, _MANAGER, "paperwork"),
    TaskSpec("Welcome, office tour and introductions", 0, _MANAGER, "meeting", meeting=Meeting("09:30", 60)),
    TaskSpec("Hand over laptop, keys and badge", 0, _IT, "equipment"),
    TaskSpec("Welcome lunch with the team", 0, _MANAGER, "meeting", meeting=Meeting("12:30", 60)),
    TaskSpec("Security and data protection training", 1, _HIRE, "training", certificate="Data protection",
             valid_months=12),
    TaskSpec("First week check-in", 4, _MANAGER, "meeting", meeting=Meeting("15:00", 30)),
    TaskSpec("30-day review", 30, _MANAGER, "meeting", meeting=Meeting("10:00", 45)),
)

_COMMON_END = (
    TaskSpec("Confirm the last day in writing", -21, _OM, "paperwork", document="Resignation or termination letter"),
    TaskSpec("Tell payroll: final salary, holiday pay and tax forms", -14, _OM, "paperwork"),
    TaskSpec("Plan the handover of work and documents", -10, _MANAGER, "meeting", meeting=Meeting("10:00", 60)),
    TaskSpec("Farewell lunch", 0, _MANAGER, "meeting"),
    TaskSpec("Collect laptop, phone, keys and badge", 0, _IT, "equipment"),
    TaskSpec("Disable email and tool accounts; forward mail", 0, _IT, "accounts"),
    TaskSpec("Change shared passwords and door codes", 1, _IT, "accounts"),
    TaskSpec("Send the final payslip and leaver tax form", 30, _OM, "paperwork"),
)

#: Installed in a workspace the first time someone opens the checklists.
DEFAULT_TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec("Office staff", ONBOARDING, _COMMON_START + (
        TaskSpec("Access to accounting and banking tools", -1, _IT, "accounts", blocks_day_one=True),
        TaskSpec("Walk through invoice intake and approvals in bodesk", 2, _OM, "training"),
    )),
    TemplateSpec("Engineer", ONBOARDING, _COMMON_START + (
        TaskSpec("Code hosting, chat and issue tracker accounts", -1, _IT, "accounts", blocks_day_one=True),
        TaskSpec("Set up the development environment with a buddy", 1, _MANAGER, "meeting", meeting=Meeting("10:00", 120)),
        TaskSpec("First small change shipped", 10, _HIRE, "training"),
    )),
    TemplateSpec("Office staff", OFFBOARDING, _COMMON_END + (
        TaskSpec("Hand over banking tokens and remove signing rights", 0, _OM, "accounts"),
    )),
    TemplateSpec("Engineer", OFFBOARDING, _COMMON_END + (
        TaskSpec("Remove code hosting and server access; rotate deploy keys", 0, _IT, "accounts"),
    )),
)
