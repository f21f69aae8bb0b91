"""Chinese names of the API's fields, for error messages: the model field's verbose_name
where the API field is named after one, else the names below (API-only parameters)."""

from functools import cache

from django.apps import apps

# API parameters that are not a model field of the same name, or whose model name would
# be misleading here.
API_LABELS = {
    # Several models share these names; in the API they are the declaration's.
    "kind": "申报类型",
    "level": "申报级别",
    "channel": "申报途径",
    "pk": "编号",
    "id": "编号",
    "limit": "每页条数",
    "offset": "起始位置",
    "page": "页码",
    "declaration_id": "申报编号",
    "declaration_ids": "申报编号",
    "declaration": "申报编号",
    "education_id": "学历编号",
    "file_id": "文件编号",
    "request_id": "修改申请编号",
    "entry_id": "公示条目编号",
    "target_id": "修改对象编号",
    "assignment": "当前身份（角色任职编号）",
    "code": "代码",
    "name": "姓名",
    "state": "状态",
    "expected_state": "预期的当前状态",
    "reason": "理由",
    "q": "查询关键词",
    "current": "仅看未到期",
    "unit": "单位",
    "series": "系列",
    "file": "文件",
    "files": "文件",
    "replaces": "被替换的文件编号",
    "text": "内容",
    "items": "待处理的申报",
    "action": "操作",
    "checks": "审核项目",
    "item": "审核项目",
    "result": "结果",
    "decision": "决定",
    "note": "说明",
    "field": "修改字段",
    "new_value": "新值",
    "target_type": "修改对象类型",
    "deadline": "举证期限",
    "working_days": "工作日数",
    "starts_on": "公示开始日期",
    "period_to": "失信记录截止日期",
    "material_type": "材料类型",
    "accepted": "已阅读并同意承诺",
    "payload": "请求体",
}


@cache
def _model_labels() -> dict[str, str]:
    found: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("zhicheng."):
            continue
        for f in model._meta.concrete_fields:
            label = str(f.verbose_name)
            if label != f.name.replace("_", " "):  # only names someone actually wrote
                found.setdefault(f.name, label)
    return found


def label(name: str) -> str | None:
    """The Chinese name of an API field, or None when none is known."""
    return API_LABELS.get(name) or _model_labels().get(name)


def describe(loc: list | tuple) -> tuple[str | None, str]:
    """(field, Chinese phrase) for a validation error location such as
    ("body", "payload", "checks", 0, "result"): the last named part is the field."""
    names = [str(p) for p in loc if isinstance(p, str)
             and p not in ("body", "query", "path", "form", "file", "payload")]
    if not names:
        return None, "请求体"
    field = names[-1]
    known = label(field)
    indexes = [p for p in loc if isinstance(p, int)]
    where = f"第{indexes[-1] + 1}项的" if indexes else ""
    return field, f"{where}「{known or field}」"
