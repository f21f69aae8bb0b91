"""Registration and unit binding (issue 4 §1)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.core.domain import bindings, registration
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.idnumbers import require_valid_18
from zhicheng.core.domain.scopes import assignments_of, has_role
from zhicheng.core.domain.usernames import USERNAME_RULE, check_username
from zhicheng.core.form_messages import PlainMessages
from zhicheng.core.models import BindingPurpose, BindingStatus, Role, Unit, UnitBinding, User


class RegisterForm(PlainMessages, forms.Form):
    """Checks every field itself, so all problems show at once; the domain checks again
    (and alone decides on duplicates)."""

    username = forms.CharField(label="用户名（登录名）", max_length=30,
                               help_text=f"{USERNAME_RULE}；请勿使用身份证号码。"
                                         "登录时也可用身份证号码代替用户名。")
    real_name = forms.CharField(label="真实姓名", max_length=20)
    id_number = forms.CharField(label="身份证号码（18位）", max_length=22)
    mobile = forms.CharField(label="手机号码", max_length=11)
    password = forms.CharField(label="密码", widget=forms.PasswordInput,
                               help_text="至少8位，不能全为数字")
    password2 = forms.CharField(label="再次输入密码", widget=forms.PasswordInput)

    def clean_username(self):
        try:
            return check_username(self.cleaned_data["username"])
        except Refused as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_real_name(self):
        name = self.cleaned_data["real_name"].strip()
        if not registration.NAME.match(name):
            raise forms.ValidationError("请填写与身份证一致的真实姓名（2 至 20 个汉字，"
                                        "或英文姓名）。")
        return name

    def clean_id_number(self):
        try:
            return require_valid_18(self.cleaned_data["id_number"])
        except Refused as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_mobile(self):
        mobile = self.cleaned_data["mobile"].strip()
        if not registration.MOBILE.match(mobile):
            raise forms.ValidationError("「手机号码」应为以1开头的11位数字。")
        return mobile

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password:
            person = User(username=data.get("username", ""), real_name=data.get("real_name", ""),
                          id_number=data.get("id_number", ""), mobile=data.get("mobile", ""))
            try:
                validate_password(password, person)
            except ValidationError as exc:
                # One message per rule, each a sentence of its own: no 「。；」.
                for message in exc.messages:
                    self.add_error("password", message)
        if password and data.get("password2") and password != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致。")
        return data


FIELD_OF_CODE = {"username": "username", "username_taken": "username",
                 "real_name": "real_name", "id_number": "id_number", "duplicate": "id_number",
                 "mobile": "mobile", "password": "password"}


def register(request):
    if request.user.is_authenticated:
        return redirect("web:home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = registration.register_applicant(username=d["username"],
                                                   real_name=d["real_name"],
                                                   id_number=d["id_number"],
                                                   mobile=d["mobile"], password=d["password"])
        except Refused as exc:
            form.add_error(FIELD_OF_CODE.get(exc.code), exc.message)
        else:
            login(request, user, backend="zhicheng.core.auth.UsernameOrIdNumberBackend")
            messages.success(request, f"注册成功。您的用户名为「{user.username}」，也可用身份证号码"
                                      "登录。请先绑定工作单位。")
            return redirect("web:binding")
    return render(request, "web/register.html", {"form": form})


class BindingForm(PlainMessages, forms.Form):
    purpose = forms.ChoiceField(label="绑定类别", choices=BindingPurpose.choices)
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.select_related("city"),
                                  empty_label="请选择单位")


@login_required
def binding(request):
    if not has_role(request.user, Role.APPLICANT):
        raise Http404
    form = BindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bindings.request_binding(user=request.user, unit=form.cleaned_data["unit"],
                                     purpose=form.cleaned_data["purpose"])
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已提交绑定申请，请等待单位确认。")
            return redirect("web:binding")
    mine = UnitBinding.objects.filter(user=request.user).select_related("unit")[:20]
    return render(request, "web/binding.html", {"form": form, "mine": mine})


@login_required
def unit_bindings(request):
    units = [a.unit_id for a in assignments_of(request.user)
             if a.role in (Role.UNIT_HR, Role.TALENT_CENTRE)]
    if not units:
        raise Http404
    pending = (UnitBinding.objects.filter(unit_id__in=units, status=BindingStatus.PENDING)
               .select_related("user", "unit").order_by("requested_at"))
    decided = (UnitBinding.objects.filter(unit_id__in=units)
               .exclude(status=BindingStatus.PENDING).select_related("user", "unit")[:50])
    return render(request, "web/unit_bindings.html", {"pending": pending, "decided": decided})


@login_required
@require_POST
def decide_binding(request, pk: int):
    confirm = request.POST.get("decision") == "confirm"
    try:
        b = bindings.decide_binding(binding_id=pk, actor=request.user, confirm=confirm,
                                    note=request.POST.get("note", ""))
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        verb = "确认" if confirm else "不予确认"
        messages.success(request, f"已{verb}{b.user.real_name}的绑定。")
    return redirect("web:unit_bindings")
