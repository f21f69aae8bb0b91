"""Forms of the applicant's declaration. Parsing only: rules live in the domain."""

import datetime

from django import forms
from django.forms import inlineformset_factory

from zhicheng.core import clock
from zhicheng.core.domain.idnumbers import explain
from zhicheng.core.models import Committee, Level, Specialty
from zhicheng.declarations.models import (
    Achievement,
    Declaration,
    DeclaredApproval,
    Education,
    WorkRecord,
)
from zhicheng.policy import idnumber
from zhicheng.policy.dates import add_months


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StartForm(forms.Form):
    committee = forms.ModelChoiceField(label="评审委员会", queryset=Committee.objects.none(),
                                       empty_label="请选择评审委员会")
    level = forms.ChoiceField(label="申报级别", choices=Level.choices)
    specialty = forms.ModelChoiceField(label="专业", queryset=Specialty.objects.none(),
                                       required=False, empty_label="（按评委会系列选择）")
    kind = forms.ChoiceField(label="申报类型", choices=Declaration._meta.get_field("kind").choices)
    channel = forms.ChoiceField(label="申报途径",
                                choices=Declaration._meta.get_field("channel").choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.select_related("series").order_by(
            "series__sort_order", "min_level", "name")
        self.fields["specialty"].queryset = Specialty.objects.select_related("series")

    def clean(self):
        data = super().clean()
        spec, com = data.get("specialty"), data.get("committee")
        if spec and com and spec.series_id != com.series_id:
            self.add_error("specialty", f"「{spec.name}」不属于{com.series.name}系列。")
        return data


class IdListField(forms.CharField):
    """曾用身份证号码: several numbers, 15 or 18 digits, separated by commas or spaces."""

    def to_python(self, value):
        if isinstance(value, list | tuple):
            value = " ".join(value)
        text = super().to_python(value) or ""
        numbers = [n for n in text.replace("，", ",").replace(",", " ").split() if n]
        out = []
        for n in numbers:
            try:
                out.append(idnumber.validate(n))
            except idnumber.IdNumberError:
                problem = explain(n) if len(idnumber.compact(n)) == 18 else \
                    "15位号码的地区码或出生日期不正确。"
                raise forms.ValidationError(f"曾用身份证号码 {n} 无效：{problem}") from None
        return out

    def prepare_value(self, value):
        return "，".join(value) if isinstance(value, list) else value


def insurance_months(day: datetime.date, count: int = 12) -> list[tuple[str, str]]:
    """The months before the application month, newest first (§3.2.4.1 excludes that month)."""
    first = day.replace(day=1)
    months = [add_months(first, -i) for i in range(1, count + 1)]
    return [(f"{m:%Y-%m}", f"{m.year}年{m.month}月") for m in months]


class FactsForm(forms.ModelForm):
    previous_id_numbers = IdListField(
        label="曾用身份证号码", required=False,
        help_text="证明材料上的身份证号码与现号码不同时填写（§3.2.4.3），多个用逗号分隔")
    social_insurance_months = forms.MultipleChoiceField(
        label="已缴纳社会保险的月份", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="非公有制经济组织和社会组织人员须申报前连续6个月缴费（不含申报当月，§3.2.4.1）")

    class Meta:
        model = Declaration
        fields = [
            "specialty", "kind", "channel", "current_level", "current_title_name",
            "current_title_certificate_no", "current_title_obtained_on", "relation_since",
            "hukou_in_guangxi", "archive_hosted_since", "retirement_category",
            "civil_servant", "from_state_organ", "retired_on", "retirement_extension_approved",
            "previous_id_numbers", "continuing_education_completed",
            "continuing_education_hours", "social_insurance_months",
        ]
        widgets = {f: DateInput() for f in ("current_title_obtained_on", "relation_since",
                                             "archive_hosted_since", "retired_on")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["social_insurance_months"].choices = insurance_months(today)
        self.fields["specialty"].queryset = Specialty.objects.filter(
            series_id=self.instance.series_id).select_related("series")
        self.fields["current_level"].choices = [("", "无职称"), *Level.choices]
        self.fields["retirement_category"].choices = [
            ("", "按性别默认（男60岁、女55岁）"),
            *list(self.fields["retirement_category"].choices)[1:]]
        self.today = today

    def _not_future(self, name: str, label: str):
        value = self.cleaned_data.get(name)
        if value and value > self.today:
            raise forms.ValidationError(f"{label}不能晚于今天（{self.today:%Y年%-m月%-d日}）。")
        return value

    def clean_relation_since(self):
        return self._not_future("relation_since", "与现单位建立人事（劳动）关系时间")

    def clean_archive_hosted_since(self):
        return self._not_future("archive_hosted_since", "档案托管起始时间")

    def clean_current_title_obtained_on(self):
        return self._not_future("current_title_obtained_on", "现有职称取得时间")

    def clean_retired_on(self):
        return self.cleaned_data.get("retired_on")

    def clean(self):
        data = super().clean()
        if data.get("current_level") and not data.get("current_title_name"):
            self.add_error("current_title_name", "有职称的请填写现有职称名称。")
        return data


def _row_fields(model, names):
    return inlineformset_factory(
        Declaration, model, fields=names, extra=1, can_delete=True,
        widgets={n: DateInput() for n in names
                 if model._meta.get_field(n).get_internal_type() == "DateField"})


EducationFormSet = _row_fields(Education, ["school", "major", "degree", "graduated_on",
                                           "certificate_no", "foreign"])
WorkFormSet = _row_fields(WorkRecord, ["starts_on", "ends_on", "employer", "position"])
AchievementFormSet = _row_fields(Achievement, ["kind", "title", "achieved_on", "detail"])
ApprovalFormSet = _row_fields(DeclaredApproval, ["code", "document_number", "issued_on"])

FORMSETS = {
    "education": EducationFormSet,
    "work_history": WorkFormSet,
    "achievements": AchievementFormSet,
    "approvals": ApprovalFormSet,
}
SECTION_TITLES = {
    "education": "学历（§4.1.2、§4.3）",
    "work_history": "工作经历",
    "achievements": "业绩成果（论文、项目、获奖、专利）",
    "approvals": "已取得的审批文件（以职改办在系统中的登记为准，§2.2.3、§3.1.1、§3.1.3、§3.1.4）",
}


def rows_from(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k not in ("DELETE", "id", "declaration")})
    return rows
