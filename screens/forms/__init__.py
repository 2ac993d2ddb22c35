"""The modal forms a cadre enters records with; the app opens them through ``FORMS``.

Each form is ``Form(project_id=None, initial=None)``: it dismisses with the saved record, or
with None on escape (nothing written).
"""

from __future__ import annotations

from textual.screen import ModalScreen

from .contributor import ContributorForm
from .expense import ExpenseForm
from .in_kind import InKindForm
from .labour import LabourForm
from .milestone import MilestoneForm, MilestoneProgressForm
from .person import PersonForm
from .pledge import PledgeForm
from .progress_note import ProgressNoteForm
from .project import ProjectForm
from .receipt import ReceiptForm

FORMS: dict[str, type[ModalScreen]] = {
    "pledge": PledgeForm,
    "receipt": ReceiptForm,
    "in_kind": InKindForm,
    "expense": ExpenseForm,
    "labour": LabourForm,
    "milestone": MilestoneForm,
    "progress_note": ProgressNoteForm,
    "project": ProjectForm,
    "person": PersonForm,
    "contributor": ContributorForm,
}

__all__ = [
    "FORMS",
    "ContributorForm",
    "ExpenseForm",
    "InKindForm",
    "LabourForm",
    "MilestoneForm",
    "MilestoneProgressForm",
    "PersonForm",
    "PledgeForm",
    "ProgressNoteForm",
    "ProjectForm",
    "ReceiptForm",
]
