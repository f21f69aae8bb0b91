"""Forms of the approvals pages (the domain does the real checks)."""

from django import forms

from zhicheng.approvals.domain.config_changes import FIELDS
from zhicheng.approvals.models import Decision, Target, VerificationResult

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(label="审批结果", choices=Decision.choices,
                                 widget=forms.RadioSelect)
    document_number = forms.CharField(label="文号", max_length=60, required=False,
                                      help_text="同意时必填，如 桂工职改〔2017〕12号")
    decided_on = forms.DateField(label="审批日期", widget=DATE)
    reasons = forms.CharField(label="审批意见／理由", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="不同意时必填")
    strict_justification = forms.CharField(
        label="从严审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="副高级无职称申报、副高级以上破格申报须从严审核，同意时必填（§2.2.3）")

    def __init__(self, *args, strict: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not strict:
            del self.fields["strict_justification"]


class VerificationForm(forms.Form):
    result = forms.ChoiceField(label="核验结果", choices=VerificationResult.choices,
                               widget=forms.RadioSelect)
    verified_on = forms.DateField(label="核验日期", widget=DATE)
    confirmed_by_name = forms.CharField(label="档案部门审核确认人", max_length=40,
                                        required=False)
    archive_seal = forms.BooleanField(label="已加盖档案专用章", required=False)
    verifier = forms.CharField(label="认证机构／平台", max_length=40, required=False,
                               initial="学信网")
    report_number = forms.CharField(label="认证报告编号", max_length=60, required=False)
    certificate_number = forms.CharField(label="学历认证书编号", max_length=60, required=False)
    certified_by = forms.CharField(label="认证机构", max_length=60, required=False,
                                   initial="教育部留学服务中心")
    note = forms.CharField(label="备注", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


def field_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [(Target(t).label, [(f"{t}:{name}", spec.label) for name, spec in specs.items()])
            for t, specs in FIELDS.items()]


class ConfigRequestForm(forms.Form):
    target = forms.ChoiceField(label="修改对象")
    field = forms.ChoiceField(label="修改项")
    new_value = forms.CharField(label="修改为", required=False, max_length=2000,
                                help_text="是／否；多个值用逗号分隔，如 pdf,jpeg")
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        self.fields["field"].choices = field_choices()

    def clean(self):
        data = super().clean()
        target, field = data.get("target", ""), data.get("field", "")
        if target and field and target.split(":")[0] != field.split(":")[0]:
            self.add_error("field", "所选修改项不属于该修改对象。")
        return data
