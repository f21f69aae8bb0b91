from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zhicheng.core.models import Committee, Office, Role, Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错多次后账号将被临时锁定。",
        "inactive": "该账号已停用，请联系开设账号的职改部门。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名或身份证号码"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs.update({"autocomplete": "username",
                                                     "placeholder": "请输入用户名或身份证号码"})
        self.fields["password"].widget.attrs.update({"placeholder": "请输入密码"})


class AccountForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    real_name = forms.CharField(label="姓名", max_length=40)
    mobile = forms.RegexField(label="手机号码", regex=r"^1\d{10}$", required=False,
                              error_messages={"invalid": "手机号码应为以1开头的11位数字。"})
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)
    role = forms.ChoiceField(label="角色")
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none(), required=False)
    office = forms.ModelChoiceField(label="职改办", queryset=Office.objects.none(), required=False)
    committee = forms.ModelChoiceField(label="评委会", queryset=Committee.objects.none(),
                                       required=False)

    def __init__(self, *args, roles, units, offices, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.fields["unit"].queryset = units
        self.fields["office"].queryset = offices
        self.fields["committee"].queryset = committees
