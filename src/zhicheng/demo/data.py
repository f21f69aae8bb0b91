"""The demo catalogue as plain data: Guangxi's cities, series, offices, committees (incl. the
new 副高级 committees of GX2017-26 §5.2), units, the 2017 plan and one account per role.

Everything is keyed by a natural key (code, credit code, name, username), so loading it again
finds what exists instead of creating it twice.
"""

import datetime
from dataclasses import dataclass, field

D = datetime.date

DEMO_PASSWORD = "Zhicheng@2017"

# (行政区划代码, 名称, 有独立评审权 §5.3.1)
CITIES: list[tuple[str, str, bool]] = [
    ("450100", "南宁市", True),
    ("450200", "柳州市", True),
    ("450300", "桂林市", True),
    ("450400", "梧州市", False),
    ("450500", "北海市", False),
    ("450600", "防城港市", False),
    ("450700", "钦州市", False),
    ("450800", "贵港市", False),
    ("450900", "玉林市", False),
    ("451000", "百色市", False),
    ("451100", "贺州市", False),
    ("451200", "河池市", False),
    ("451300", "来宾市", False),
    ("451400", "崇左市", False),
]


@dataclass(frozen=True)
class SeriesSpec:
    code: str  # the eligibility engine relies on these codes
    name: str
    specialties: list[tuple[str, str]]
    combined: bool = False  # 评聘结合 (§2.1.3)


SERIES: list[SeriesSpec] = [
    SeriesSpec("engineering", "工程", [("building", "建筑工程"), ("road_bridge", "道路与桥梁"),
                                      ("electrical", "电气工程"), ("mechanical", "机械工程")]),
    SeriesSpec("health", "卫生", [("clinical", "临床医学"), ("nursing", "护理"),
                                 ("pharmacy", "药学")]),
    SeriesSpec("school_teacher", "中小学教师", [("chinese", "语文"), ("mathematics", "数学"),
                                              ("english", "英语")], combined=True),
    SeriesSpec("economics", "经济", [("business_admin", "工商管理"), ("finance", "金融")]),
    SeriesSpec("accounting", "会计", [("accounting", "会计")]),
]

REGIONAL_OFFICE = "自治区职改办"


def city_office(city: str) -> str:
    return f"{city}职改办"


def series_office(series_name: str) -> str:
    return f"{series_name}系列职改办"


@dataclass(frozen=True)
class UnitSpec:
    key: str  # handle used only inside this catalogue (parents, committees, accounts)
    name: str
    unit_type: str
    authority_type: str  # first two characters of the credit code: 11 机关, 12 事业单位, 91 企业
    org_body: str  # first 8 characters of the organisation code; check digits are computed
    city: str | None  # city code; None outside Guangxi
    division: str = ""  # registration division when not the city's (region-level, out of GX)
    legal_person: bool = True
    industry: str = "other"
    in_guangxi: bool = True
    parent: str | None = None
    talent_centre: bool = False


# Parents come before their branches.
UNITS: list[UnitSpec] = [
    # 事业单位
    UnitSpec("nn_design", "南宁市市政工程设计研究院", "public_institution", "12", "49850101",
             "450100"),
    UnitSpec("nn_hospital2", "南宁市第二人民医院", "public_institution", "12", "49850102",
             "450100"),
    UnitSpec("lz_hospital", "柳州市人民医院", "public_institution", "12", "49850201", "450200"),
    UnitSpec("glmc", "桂林医学院", "public_institution", "12", "49850301", "450300",
             division="450000"),
    UnitSpec("yjmc", "右江民族医学院", "public_institution", "12", "49851001", "451000",
             division="450000"),
    UnitSpec("bh_school1", "北海市第一中学", "public_institution", "12", "49850501", "450500"),
    UnitSpec("nn_talent", "南宁市人才交流服务中心", "public_institution", "12", "49850103",
             "450100", talent_centre=True),
    UnitSpec("lz_talent", "柳州市人才交流服务中心", "public_institution", "12", "49850202",
             "450200", talent_centre=True),
    # 非公有制经济和社会组织
    UnitSpec("bagui_design", "广西八桂建筑设计有限公司", "non_public", "91", "59860101",
             "450100"),
    UnitSpec("bagui_qz", "广西八桂建筑设计有限公司钦州分公司", "non_public", "91", "59860701",
             "450700", legal_person=False, parent="bagui_design"),  # §3.1.5: refused
    UnitSpec("lz_hengda", "柳州市恒达机械制造有限公司", "non_public", "91", "59860201",
             "450200"),
    UnitSpec("gl_lijiang_cpa", "桂林漓江会计师事务所有限公司", "non_public", "91", "59860301",
             "450300"),
    UnitSpec("yl_kangning", "玉林康宁医院有限公司", "non_public", "91", "59860901", "450900"),
    # 国有企业
    UnitSpec("gxjg", "广西建工集团", "state_owned", "91", "19870001", "450100",
             division="450000"),
    UnitSpec("gxxfz", "广西新发展交通集团", "state_owned", "91", "19870002", "450100",
             division="450000"),
    UnitSpec("gxjt", "广西交通投资集团", "state_owned", "91", "19870003", "450100",
             division="450000"),
    UnitSpec("lz_steel", "广西柳州钢铁集团有限公司", "state_owned", "91", "19870201", "450200"),
    UnitSpec("bbw_bank", "广西北部湾银行股份有限公司", "state_owned", "91", "19870004", "450100",
             division="450000", industry="bank"),
    UnitSpec("bbw_bank_lz", "广西北部湾银行股份有限公司柳州分行", "state_owned", "91",
             "19870202", "450200", legal_person=False, industry="bank",
             parent="bbw_bank"),  # §3.1.5: a bank branch may apply without legal-person status
    UnitSpec("cscec8", "中国建筑第八工程局有限公司", "state_owned", "91", "13220001", None,
             division="310000", in_guangxi=False),
    # 行政机关
    UnitSpec("nn_housing", "南宁市住房和城乡建设局", "state_organ", "11", "00860101",
             "450100"),
    UnitSpec("gl_transport", "桂林市交通运输局", "state_organ", "11", "00860301", "450300"),
    UnitSpec("gx_finance", "广西壮族自治区财政厅", "state_organ", "11", "00860001", "450100",
             division="450000"),
    # 机关、事业单位非在编人员
    UnitSpec("wz_urban", "梧州市城市管理监督指挥中心（编外聘用）", "non_staff", "12",
             "49850401", "450400"),
    UnitSpec("hz_hospital", "贺州市人民医院（编外聘用）", "non_staff", "12", "49851101",
             "451100"),
    UnitSpec("hc_employment", "河池市公共就业服务中心（编外聘用）", "non_staff", "12",
             "49851201", "451200"),
]


@dataclass(frozen=True)
class CommitteeSpec:
    code: str
    name: str
    series: str  # series code
    min_level: str
    max_level: str
    area: str
    city: str | None = None  # city code
    organisation: str | None = None  # unit key
    office: str = ""  # office name; default: the series office
    basis: str = ""
    specialties: list[str] = field(default_factory=list)  # empty: all of the series


NEW_DEPUTY_SENIOR_BASIS = "§5.2 新组建副高级评委会"


def _new_deputy_senior(code: str, name: str, series: str, *, city: str | None = None,
                       organisation: str | None = None) -> CommitteeSpec:
    # §5.2: "具体评审范围和专业另行通知" — so no specialties yet (= the whole series).
    return CommitteeSpec(
        code, name, series, "deputy_senior", "deputy_senior",
        "city" if city else "organisation", city=city, organisation=organisation,
        basis=NEW_DEPUTY_SENIOR_BASIS,
    )


_TEACHER_CITIES = [("beihai", "450500", "北海市"), ("fangchenggang", "450600", "防城港市"),
                   ("qinzhou", "450700", "钦州市"), ("guigang", "450800", "贵港市"),
                   ("baise", "451000", "百色市"), ("hezhou", "451100", "贺州市"),
                   ("hechi", "451200", "河池市"), ("laibin", "451300", "来宾市")]

# The new 副高级 committees of §5.2, named as in the notice; the two 百色市 committees
# (卫生, 中小学教师) and 玉林市 carry their series in the name, since names are unique.
SECTION_5_2_COMMITTEES: list[CommitteeSpec] = [
    _new_deputy_senior("eng-gxjg-ds", "建设系统广西建工集团副高级评审委员会", "engineering",
                       organisation="gxjg"),
    _new_deputy_senior("eng-gxxfz-ds", "交通行业广西新发展交通集团副高级评审委员会",
                       "engineering", organisation="gxxfz"),
    _new_deputy_senior("eng-gxjt-ds", "交通行业广西交通投资集团副高级评审委员会",
                       "engineering", organisation="gxjt"),
    _new_deputy_senior("eng-yulin-ds", "玉林市副高级评审委员会（工程）", "engineering",
                       city="450900"),
    _new_deputy_senior("health-glmc-ds", "桂林医学院副高级评审委员会", "health",
                       organisation="glmc"),
    _new_deputy_senior("health-yjmc-ds", "右江民族医学院副高级评审委员会", "health",
                       organisation="yjmc"),
    _new_deputy_senior("health-baise-ds", "百色市副高级评审委员会（卫生）", "health",
                       city="451000"),
    *[_new_deputy_senior(f"teacher-{slug}-ds", f"{name}中小学教师副高级评审委员会",
                         "school_teacher", city=code)
      for slug, code, name in _TEACHER_CITIES],
]

# The region-wide senior committee of each series, run by its series office.
REGIONAL_SENIOR_COMMITTEES: list[CommitteeSpec] = [
    CommitteeSpec(f"{s.code}-senior", f"广西{s.name}系列高级评审委员会", s.code,
                  "deputy_senior", "senior", "region", basis="自治区职改办批准组建")
    for s in SERIES
]

# A few mid/junior city committees (§5.1.3: they set their own dates), run by city offices.
CITY_COMMITTEES: list[CommitteeSpec] = [
    CommitteeSpec("eng-nanning-mid", "南宁市工程系列中级评审委员会", "engineering", "junior",
                  "intermediate", "city", city="450100", office=city_office("南宁市")),
    CommitteeSpec("health-liuzhou-mid", "柳州市卫生系列中级评审委员会", "health", "junior",
                  "intermediate", "city", city="450200", office=city_office("柳州市"),
                  specialties=["nursing", "pharmacy"]),
    CommitteeSpec("teacher-guilin-mid", "桂林市中小学教师系列中级评审委员会", "school_teacher",
                  "junior", "intermediate", "city", city="450300",
                  office=city_office("桂林市")),
    CommitteeSpec("accounting-nanning-junior", "南宁市会计系列初级评审委员会", "accounting",
                  "junior", "junior", "city", city="450100", office=city_office("南宁市")),
]

COMMITTEES = SECTION_5_2_COMMITTEES + REGIONAL_SENIOR_COMMITTEES + CITY_COMMITTEES

# The 2017 plan (桂职办〔2017〕26号) and its senior timetable (Annex 1).
PLAN = {
    "code": "gx-2017",
    "year": 2017,
    "name": "2017年度广西专业技术资格评审",
    "policy_code": "gx-2017",
    "document_number": "桂职办〔2017〕26号",
    "issued_on": D(2017, 3, 18),
}

SENIOR_PHASES: list[tuple[str, D, D]] = [
    ("deployment", D(2017, 3, 1), D(2017, 4, 30)),
    ("application", D(2017, 5, 1), D(2017, 6, 30)),
    ("review", D(2017, 7, 1), D(2017, 8, 31)),
    ("evaluation", D(2017, 9, 1), D(2017, 10, 31)),
    ("approval", D(2017, 11, 1), D(2017, 12, 31)),
]

# §5.1.3: each mid/junior committee's own schedule, within the year.
COMMITTEE_PHASES: dict[str, list[tuple[str, D, D]]] = {
    "eng-nanning-mid": [
        ("application", D(2017, 4, 1), D(2017, 5, 15)),
        ("review", D(2017, 5, 16), D(2017, 6, 30)),
        ("evaluation", D(2017, 7, 1), D(2017, 8, 15)),
        ("approval", D(2017, 8, 16), D(2017, 9, 30)),
    ],
    "health-liuzhou-mid": [
        ("application", D(2017, 6, 1), D(2017, 7, 15)),
        ("review", D(2017, 7, 16), D(2017, 8, 31)),
        ("evaluation", D(2017, 9, 1), D(2017, 9, 30)),
        ("approval", D(2017, 10, 1), D(2017, 11, 30)),
    ],
    "teacher-guilin-mid": [
        ("application", D(2017, 3, 20), D(2017, 4, 30)),
        ("review", D(2017, 5, 1), D(2017, 5, 31)),
        ("evaluation", D(2017, 6, 1), D(2017, 6, 30)),
        ("approval", D(2017, 7, 1), D(2017, 8, 31)),
    ],
    "accounting-nanning-junior": [
        ("application", D(2017, 8, 1), D(2017, 8, 31)),
        ("review", D(2017, 9, 1), D(2017, 9, 30)),
        ("evaluation", D(2017, 10, 9), D(2017, 10, 31)),
        ("approval", D(2017, 11, 1), D(2017, 12, 15)),
    ],
}

# §5.1.2 deployment filings: (series code, 文号, 标题, 报送日期) — one on time, one late.
FILINGS: list[tuple[str, str, str, D]] = [
    ("engineering", "桂工程职改〔2017〕3号",
     "关于做好2017年度工程系列高级专业技术资格评审工作的通知", D(2017, 4, 20)),
    ("health", "桂卫职改〔2017〕5号",
     "关于做好2017年度卫生系列高级专业技术资格评审工作的通知", D(2017, 5, 12)),
]


@dataclass(frozen=True)
class AccountSpec:
    username: str
    real_name: str
    role: str
    unit: str | None = None  # unit key
    office: str | None = None  # office name
    committee: str | None = None  # committee code
    created_by: str | None = None  # username of the account that opened this one
    id_number17: str | None = None  # first 17 digits; the check digit is computed


# Parents (created_by) come first.
ACCOUNTS: list[AccountSpec] = [
    AccountSpec("demo_region", "梁建华", "regional_office", office=REGIONAL_OFFICE),
    AccountSpec("demo_city_office", "黄志强", "office", office=city_office("南宁市"),
                created_by="demo_region"),
    AccountSpec("demo_series_office", "韦丽华", "office", office=series_office("工程"),
                created_by="demo_region"),
    AccountSpec("demo_unit", "王芳", "unit_hr", unit="nn_design",
                created_by="demo_city_office"),
    AccountSpec("demo_unit2", "陈静", "unit_hr", unit="nn_hospital2",
                created_by="demo_city_office"),
    AccountSpec("demo_centre", "刘洋", "talent_centre", unit="nn_talent",
                created_by="demo_city_office"),
    AccountSpec("demo_secretariat", "覃海燕", "secretariat", committee="engineering-senior",
                created_by="demo_series_office"),
    # demo_expert (蒙振国) is entered into the committee's pool by demo.pool, with the other
    # experts: an expert's account is made with their pool entry (评委库).
    # Born 1980-05-12 in 横县 (then 南宁地区, 452122), male (odd 17th digit).
    AccountSpec("demo_applicant", "李明", "applicant", id_number17="45212219800512123"),
]
