"""The pool page's forms: plain Chinese labels; the domain checks every rule itself."""

from django import forms

from zhicheng.core.models import City, Level, Specialty
from zhicheng.evaluation.models import ExpertStatus

LEVELS = [(Level.DEPUTY_SENIOR, Level.DEPUTY_SENIOR.label), (Level.SENIOR, Level.SENIOR.label)]


class ExpertForm(forms.Form):
    real_name = forms.CharField(label="姓名", max_length=40)
    username = forms.CharField(label="登录用户名", max_length=40,
                               help_text="专家用它登录；不能使用身份证号码。")
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=True))
    mobile = forms.CharField(label="手机号码", max_length=11, required=False)
    title_name = forms.CharField(label="职称名称", max_length=40, help_text="如：正高级工程师")
    level = forms.ChoiceField(label="职称级别", choices=LEVELS)
    specialty = forms.ModelChoiceField(label="专业（专业组）", queryset=Specialty.objects.none())
    employer_name = forms.CharField(label="工作单位", max_length=80)
    employer_code = forms.CharField(label="工作单位统一社会信用代码", max_length=18)
    city = forms.ModelChoiceField(label="所在设区市", queryset=City.objects.order_by("code"),
                                  required=False, empty_label="区外")
    external = forms.BooleanField(label="外来专家（评审范围以外，§5.3.3）", required=False)
    term_starts = forms.DateField(label="聘期开始", widget=forms.DateInput(attrs={"type": "date"}))
    term_ends = forms.DateField(label="聘期结束", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="入库依据", max_length=200, initial="经评委会组建单位遴选入库")

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].queryset = Specialty.objects.filter(
            series_id=committee.series_id).select_related("series").order_by("code")


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label="改为", choices=ExpertStatus.choices)
    reason = forms.CharField(label="原因", max_length=200)


class SessionForm(forms.Form):
    code = forms.SlugField(label="会议编号", max_length=60, help_text="如 eng-senior-2017-1")
    name = forms.CharField(label="会议名称", max_length=80)
    held_on = forms.DateField(label="评审日期", widget=forms.DateInput(attrs={"type": "date"}))
    witness_name = forms.CharField(label="监督人员", max_length=40)
    witness_org = forms.CharField(label="监督人员所在单位", max_length=80)
    max_per_unit = forms.IntegerField(label="同一单位最多（0为不限）", min_value=0, initial=2)
    min_external = forms.IntegerField(label="外来专家至少（§5.3.3）", min_value=0, initial=0)
    reserves = forms.IntegerField(label="每组候补人数", min_value=0, initial=2)
