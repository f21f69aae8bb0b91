"""Forms for the integrity pages. They only parse; the domain decides."""

from django import forms

from zhicheng.integrity.domain.cases import MAX_WORKING_DAYS
from zhicheng.integrity.models import CaseItem
from zhicheng.materials.models import MaterialType


class DateInput(forms.DateInput):
    input_type = "date"


class OpenCaseForm(forms.Form):
    item = forms.ChoiceField(label="涉嫌造假的事项", choices=CaseItem.choices)
    material_type = forms.ModelChoiceField(
        label="涉及的申报材料", queryset=MaterialType.objects.filter(active=True),
        required=False, empty_label="（不限于某一材料栏目）")
    allegation = forms.CharField(
        label="涉嫌情形", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="写明发现的疑点，申报人将据此提供证明材料。")
    working_days = forms.IntegerField(
        label="举证期限（工作日）", required=False, min_value=1, max_value=MAX_WORKING_DAYS,
        help_text="按国家法定节假日和调休工作日计算；与截止日期二选一。")
    deadline = forms.DateField(label="或：举证截止日期", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if not data.get("working_days") and not data.get("deadline") and not self.errors:
            raise forms.ValidationError("请填写举证期限：工作日天数或截止日期。")
        return data


class AnswerForm(forms.Form):
    text = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="说明所涉材料是否真实，以及所附证明材料由谁出具。")


class DecideForm(forms.Form):
    GENUINE = "genuine"
    FALSE = "false"
    decision = forms.ChoiceField(label="核查结论", widget=forms.RadioSelect, choices=[
        (GENUINE, "证明材料能够证明申报材料真实，结案"),
        (FALSE, "不能证明（或期满未举证），认定材料造假"),
    ])
    grounds = forms.CharField(label="认定理由", widget=forms.Textarea(attrs={"rows": 3}))
    penalty = forms.CharField(label="处罚决定（认定造假时必填）", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    period_to = forms.DateField(label="失信记录截止日（认定造假时必填）", required=False,
                                widget=DateInput())
    unit_responsible = forms.BooleanField(label="申报单位负有责任，一并列入失信档案",
                                          required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.FALSE:
            if not (data.get("penalty") or "").strip():
                self.add_error("penalty", "认定材料造假须填写处罚决定（§4.2.2）。")
            if not data.get("period_to"):
                self.add_error("period_to", "请填写失信记录截止日（§4.2.1）。")
        return data
