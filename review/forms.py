from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from review.models import REASONS, IndicatorResult, InterviewNote, Verdict

TEXTAREA = {"rows": 3}


class VerdictForm(forms.Form):
    decision = forms.ChoiceField(label=_("Putusan"), choices=Verdict.DECISIONS, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Alasan revisi"), choices=[("", "–"), *REASONS], required=False)
    verified_level = forms.CharField(
        label=_("Level terverifikasi"),
        required=False,
        max_length=20,
        help_text=_("Kosongkan untuk memakai level klaim (diterima) atau hasil aturan berjenjang."),
    )
    justification = forms.CharField(
        label=_("JUSTIFIKASI"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Wajib untuk revisi: apa yang kurang dan apa yang harus diperbaiki."),
    )


class ReturnForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Batas revisi"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    message = forms.CharField(
        label=_("Pesan untuk unit"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            default = timezone.localtime() + timedelta(days=7)
            self.initial["deadline"] = default.replace(hour=16, minute=0, second=0, microsecond=0).strftime(
                "%Y-%m-%dT%H:%M"
            )


class NoteForm(forms.ModelForm):
    class Meta:
        model = InterviewNote
        fields = ["kind", "held_on", "unit", "participants", "text"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else self.fields["unit"].queryset.none()
        self.fields["unit"].required = False


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs=TEXTAREA), max_length=2000)


class SettleForm(forms.Form):
    rule = forms.ChoiceField(label=_("Aturan usulan"), choices=IndicatorResult.RULES)
    threshold = forms.IntegerField(label=_("Level L (untuk aturan cakupan unit)"), required=False)
    final_level = forms.CharField(label=_("Level final"), required=False, max_length=20)
    explanation = forms.CharField(
        label=_("Penjelasan"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
