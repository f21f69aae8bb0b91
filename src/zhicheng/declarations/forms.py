"""Forms of the applicant's declaration. Parsing only: rules live in the domain."""

import datetime

from django import forms

from zhicheng.core import clock
from zhicheng.core.domain.idnumbers import explain
from zhicheng.core.form_messages import PlainMessages, all_errors, date_field_class, quoted
from zhicheng.core.models import Committee, Level, Specialty
from zhicheng.core.prepared import PreparedQuery
from zhicheng.declarations.models import (
    Achievement,
    Declaration,
    DeclaredApproval,
    Education,
    WorkRecord,
)
from zhicheng.policy import idnumber
from zhicheng.policy.dates import add_months


class StartForm(PlainMessages, forms.Form):
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


def birth_date(decl: Declaration) -> datetime.date | None:
    try:
        return idnumber.birth_date(decl.id_number) if decl.id_number else None
    except (idnumber.IdNumberError, ValueError):
        return None


def series_specialties(series_id: int | None):
    """The specialties a declaration of this series may choose (the form's choices)."""
    return Specialty.objects.filter(series_id=series_id).select_related("series")


# The chosen specialty, read on every autosave of the form, and the choices, listed on every
# view of it: compiled once (core.prepared).
_SPECIALTY_OF_SERIES = PreparedQuery(
    lambda series_id, pk: series_specialties(series_id).filter(pk=pk),
    samples=[(-1, -3), (-2, -4)])
_SPECIALTIES_OF_SERIES = PreparedQuery(series_specialties, samples=[(-1,), (-2,)])


class _SeriesSpecialties(forms.models.ModelChoiceIterator):
    """ModelChoiceIterator's choices, the rows read by the compiled query of the same
    queryset (the field's queryset is series_specialties(series_id) whenever series_id
    is set: FactsForm sets both)."""

    def __iter__(self):
        if self.field.series_id is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in _SPECIALTIES_OF_SERIES.list(self.field.series_id):
            yield self.choice(obj)


class SpecialtyChoiceField(forms.ModelChoiceField):
    """The series' specialties; a posted choice is looked up as ModelChoiceField does
    (`queryset.get(pk=value)`, a bad value an invalid choice), with the compiled query."""

    iterator = _SeriesSpecialties
    series_id: int | None = None
    current: Specialty | None = None  # the declaration's own, when read with it

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, Specialty):
            value = value.pk
        try:
            pk = int(value)
        except (ValueError, TypeError):
            pk = None
        if pk is not None and self.current is not None and self.current.pk == pk:
            return self.current  # already read with the declaration, of its series
        found = (_SPECIALTY_OF_SERIES.list(self.series_id, pk)
                 if self.series_id is not None and pk is not None else [])
        if len(found) != 1:
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice", params={"value": value})
        return found[0]


class DateChecks:
    """Dates that cannot be true: after today, or before the applicant was born."""

    today: datetime.date
    born: datetime.date | None

    def check_date(self, name: str, *, future: bool = False) -> None:
        value = self.cleaned_data.get(name)
        if not value:
            return
        label = quoted(self.fields[name].label)
        if not future and value > self.today:
            self.add_error(name, f"{label}不能晚于今天（{self.today:%Y年%-m月%-d日}）。")
        elif self.born and value < self.born:
            self.add_error(name, f"{label}不能早于您的出生日期（{self.born:%Y年%-m月%-d日}，"
                                 "按身份证号码）。")


class FactsForm(PlainMessages, DateChecks, forms.ModelForm):
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
        formfield_callback = date_field_class
        field_classes = {"specialty": SpecialtyChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["social_insurance_months"].choices = insurance_months(today)
        specialty = self.fields["specialty"]
        specialty.queryset = series_specialties(self.instance.series_id)
        specialty.series_id = self.instance.series_id
        if (self.instance.specialty_id is not None
                and Declaration.specialty.is_cached(self.instance)
                and self.instance.specialty.series_id == self.instance.series_id):
            specialty.current = self.instance.specialty
        self.fields["current_level"].choices = [("", "无职称"), *Level.choices]
        self.fields["retirement_category"].choices = [
            ("", "按性别默认（男60岁、女55岁）"),
            *list(self.fields["retirement_category"].choices)[1:]]
        self.today = today
        self.born = birth_date(self.instance)

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # The field has just read the specialty from the series' own specialties; the model's
        # foreign-key check would only read it again (one query per autosave).
        exclude.add("specialty")
        return exclude

    def clean(self):
        data = super().clean()
        if data.get("current_level") and not data.get("current_title_name"):
            self.add_error("current_title_name", "有职称的请填写「现有职称名称」。")
        for name in ("relation_since", "archive_hosted_since", "current_title_obtained_on"):
            self.check_date(name)
        self.check_date("retired_on", future=True)  # a retirement date may be ahead
        return data


class RowForm(PlainMessages, DateChecks, forms.ModelForm):
    """One education / work / achievement / approval row. Its id is the row's own, so a
    page can be saved any number of times without reloading: rows are updated in place."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    future_ok: tuple[str, ...] = ()

    def __init__(self, *args, today: datetime.date, born: datetime.date | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.born = today, born

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                self.check_date(name, future=name in self.future_ok)
        return data


class WorkForm(RowForm):
    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", f"「截止时间」不能早于「起始时间」（{starts:%Y-%m-%d}）。")
        return data


class RowFormSet(forms.BaseFormSet):
    """A plain formset (not Django's model formset): the domain, not the formset, decides
    what to update, create and delete, by the ids the page sends."""

    def __init__(self, data=None, *, rows=None, prefix=None, today=None, born=None):
        initial = None
        if data is None and rows is not None:
            names = self.form._meta.fields
            initial = [{**{n: getattr(o, n) for n in names}, "id": o.pk} for o in rows]
        super().__init__(data, initial=initial, prefix=prefix,
                         form_kwargs={"today": today or clock.today(), "born": born})


class ApprovalRowFormSet(RowFormSet):
    def clean(self):
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            code = data.get("code")
            if not code or data.get("DELETE"):
                continue
            if code in seen:
                form.add_error("code", f"「{form.fields['code'].label}」"
                                       f"{dict(form.fields['code'].choices)[code]}填写了两次，"
                                       "同一审批事项只填一行。")
            seen[code] = form


def _rows(model, names, form=RowForm, formset=RowFormSet, future_ok=()):
    meta = type("Meta", (), {"model": model, "fields": names,
                             "formfield_callback": date_field_class})
    form_class = type(f"{model.__name__}Form", (form,), {"Meta": meta, "future_ok": future_ok})
    return forms.formset_factory(form_class, formset=formset, extra=1, can_delete=True)


EducationFormSet = _rows(Education, ["school", "major", "degree", "graduated_on",
                                     "certificate_no", "foreign"])
WorkFormSet = _rows(WorkRecord, ["starts_on", "ends_on", "employer", "position"],
                    form=WorkForm)
AchievementFormSet = _rows(Achievement, ["kind", "title", "achieved_on", "detail"])
ApprovalFormSet = _rows(DeclaredApproval, ["code", "document_number", "issued_on"],
                        formset=ApprovalRowFormSet)

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
SECTION_ROW = {"education": "学历", "work_history": "工作经历", "achievements": "业绩成果",
               "approvals": "审批文件"}


# `getattr(decl, relation).all()` of each row relation (the model's ordering), as the form
# reads them on every view of the page: compiled once (core.prepared).
_ROWS_OF = {name: PreparedQuery(
    lambda pk, model=cls.form._meta.model: model.objects.filter(declaration_id=pk),
    samples=[(-1,), (-2,)]) for name, cls in FORMSETS.items()}


def bind_forms(decl: Declaration, data=None) -> tuple[FactsForm, dict[str, RowFormSet]]:
    """The facts form and the row formsets, bound to data, or else to the record."""
    today, born = clock.today(), birth_date(decl)
    facts = FactsForm(data, instance=decl)
    sets = {name: cls(data, prefix=name, today=today, born=born,
                      rows=None if data is not None else _ROWS_OF[name].list(decl.pk))
            for name, cls in FORMSETS.items()}
    return facts, sets


def sent_rows(formset) -> list[tuple[forms.Form, dict]]:
    """What the domain needs of each row, with its form: its id (None when new), delete,
    and its values. Untouched blank rows, and deleted rows never saved, are left out."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data:
            continue
        pk = data.get("id")
        if data.get("DELETE"):
            if pk:
                rows.append((form, {"id": pk, "delete": True}))
            continue
        rows.append((form, {k: v for k, v in data.items() if k != "DELETE"}))
    return rows


def rows_from(formset) -> list[dict]:
    return [row for _form, row in sent_rows(formset)]


def problems(facts: FactsForm, sets: dict[str, RowFormSet]) -> list[str]:
    """Every error of the page at once, each naming its field (and row)."""
    out = all_errors(facts)
    for name, formset in sets.items():
        out.extend(f"{SECTION_ROW[name]}：{e}" for e in formset.non_form_errors())
        for i, form in enumerate(formset.forms, start=1):
            if formset.can_delete and formset._should_delete_form(form):
                continue
            out.extend(f"{SECTION_ROW[name]}第 {i} 行：{e}" for e in all_errors(form))
    return out


def shown(value) -> str:
    if value is None or value in ("", []):
        return "未填写"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, list):
        return "，".join(str(v) for v in value)
    return str(value)


def facts_shown(decl: Declaration) -> list[tuple[str, str]]:
    """(label, text) of every fact of the form, as the read-only page shows them."""
    out = []
    for name in FactsForm._meta.fields:
        field = Declaration._meta.get_field(name)
        value = getattr(decl, name)
        if field.choices and value not in (None, ""):
            value = getattr(decl, f"get_{name}_display")()
        elif name == "current_level" and not value:
            value = "无职称"
        out.append((str(field.verbose_name), shown(value)))
    return out


def rows_shown(decl: Declaration) -> list[tuple[str, list[str], list[list[str]]]]:
    """(section title, column labels, rows of texts) of every row section."""
    out = []
    for name, formset in FORMSETS.items():
        names = formset.form._meta.fields
        model = formset.form._meta.model
        labels = [str(model._meta.get_field(n).verbose_name) for n in names]
        rows = []
        for obj in getattr(decl, name).all():
            rows.append([shown(getattr(obj, f"get_{n}_display")() if
                               model._meta.get_field(n).choices else getattr(obj, n))
                         for n in names])
        out.append((SECTION_TITLES[name], labels, rows))
    return out
