"""The closed vocabularies of the eligibility-case contract (eligibility-case.md)."""

from __future__ import annotations

SEXES = ("male", "female")
LEVELS = ("junior", "intermediate", "deputy_senior", "senior")
# Rank for "one level up" comparisons; no title (null) ranks 0.
LEVEL_RANK: dict[str | None, int] = {
    None: 0,
    "junior": 1,
    "intermediate": 2,
    "deputy_senior": 3,
    "senior": 4,
}
LEVEL_ZH = {"junior": "初级", "intermediate": "中级", "deputy_senior": "副高级", "senior": "正高级"}
KINDS = ("regular", "no_title", "exceptional", "second_title", "probation_confirmation")
KIND_ZH = {
    "regular": "正常申报",
    "no_title": "无职称申报",
    "exceptional": "破格申报",
    "second_title": "第二职称申报",
    "probation_confirmation": "转正定职",
}
CHANNELS = ("unit", "talent_market", "central_or_external_branch", "entrusted")
CHANNEL_ZH = {
    "unit": "所在单位",
    "talent_market": "人才市场",
    "central_or_external_branch": "中直驻桂单位或外省驻桂企业分支机构渠道",
    "entrusted": "委托评审",
}
UNIT_TYPES = ("public_institution", "non_public", "state_owned", "state_organ", "non_staff")
UNIT_TYPE_ZH = {
    "public_institution": "事业单位",
    "non_public": "非公有制经济和社会组织",
    "state_owned": "国有企业",
    "state_organ": "行政机关",
    "non_staff": "机关、事业单位非在编人员",
}
INDUSTRIES = ("bank", "insurance", "other")
APPROVALS = (
    "series_office_prior_approval",
    "unit_consent",
    "unit_assessment_opinion",
    "hq_channel_opinion_filed",
    "home_province_entrustment",
    "regional_office_approval",
)
APPROVAL_ZH = {
    "series_office_prior_approval": "系列职改办（评委会）事先审批同意",
    "unit_consent": "所在单位同意申报的意见",
    "unit_assessment_opinion": "基层单位考核推荐意见",
    "hq_channel_opinion_filed": "总部（中直单位组织人事部门）关于申报渠道的书面意见及备案",
    "home_province_entrustment": "申报人所属省级职改管理部门出具的委托材料",
    "regional_office_approval": "自治区职改办审核同意",
}
MATERIALS = (
    "continuing_education_certificate",
    "social_insurance_proof",
    "business_license",
    "exceptional_conditions_proof",
    "id_change_proof",
)
MATERIAL_ZH = {
    "continuing_education_certificate": "继续教育合格证明",
    "social_insurance_proof": "个人社保缴费证明",
    "business_license": "法人营业执照复印件或工商部门单位查档证明",
    "exceptional_conditions_proof": "达到破格条件的证明材料",
    "id_change_proof": "户籍管理部门关于两个身份证号码属于同一人的证明",
}
SEVERITIES = ("blocking", "missing", "info")
