"""Forms of the review pages: parsing only; the rules live in the domain."""

from django import forms

from zhicheng.core.models import Level
from zhicheng.review.domain.office import BULK_ACTIONS, QUEUE_STATES
from zhicheng.review.models import InterviewResult

DATE = forms.DateInput(attrs={"type": "date"})


class PledgeForm(forms.Form):
    reviewer_name = forms.CharField(label="审查责任人姓名", max_length=40)
    reviewer_post = forms.CharField(label="职务", max_length=40, required=False)
    accepted = forms.BooleanField(label="本单位（部门）已阅读上述承诺书，承诺严格履行审核责任",
                                  required=False)


class InterviewForm(forms.Form):
    held_on = forms.DateField(label="答辩日期", widget=DATE)
    panel = forms.CharField(label="答辩小组成员", max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="姓名、职称，以顿号或换行分隔")
    result = forms.ChoiceField(label="答辩结果", choices=InterviewResult.choices)
    minutes = forms.CharField(label="答辩记录", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DeliberationForm(forms.Form):
    held_on = forms.DateField(label="审议日期", widget=DATE)
    participants = forms.CharField(label="参加审议人员", max_length=500,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    opinion = forms.CharField(label="审议意见", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(label="单位推荐意见", max_length=5000,
                                     widget=forms.Textarea(attrs={"rows": 3}))


class QueueFilterForm(forms.Form):
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    series = forms.TypedChoiceField(label="系列", required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label="级别", required=False,
                              choices=[("", "全部级别"), *Level.choices])
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部待审")] + [
        (s.value, s.label) for s in QUEUE_STATES])

    def __init__(self, data, *, units, series):
        super().__init__(data)
        self.fields["unit"].choices = [("", "全部单位"), *units]
        self.fields["series"].choices = [("", "全部系列"), *series]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label="批量操作", choices=[(a, a) for a in BULK_ACTIONS])
    reason = forms.CharField(label="统一理由", required=False, max_length=2000)
