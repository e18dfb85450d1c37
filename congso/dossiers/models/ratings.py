"""The applicant's rating of a returned dossier (TT 01/2018/TT-VPCP Điều 13–15): nine indices scored 0, 1 or 2.
Indices 1 and 2 (time against the limits) are computed from the dossier; the applicant answers the others."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INDICES = {
    1: _("Total time of handling against the time limit"),
    2: _("Time each agency took against its own limit"),
    3: _("How many times you had to come back to complete or receive the dossier"),
    4: _("How many agencies or units you had to contact"),
    5: _("The procedure was handled entirely through the one-stop desk"),
    6: _("The procedure was published and clear"),
    7: _("Attitude and manner of the staff"),
    8: _("Feedback and complaints were received and answered"),
    9: _("Online services available for this procedure"),
}
COMPUTED = (1, 2)
STAFF_INDICES = (1, 2, 3, 4, 7)


class Rating(models.Model):
    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="rating")
    # Who is rated, as it stood when the rating was given (the aggregates read these, not the dossier).
    handling_agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    receiving_agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scores = (
        models.JSONField()
    )  # {"i1": 0..2, …, "i9": 0..2} (not "1": a digit key reads as an array index in SQLite JSON paths)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["handling_agency", "created_at"], name="rating_agency_time")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.total}"

    @property
    def total(self) -> int:
        return sum(int(v) for v in self.scores.values())
