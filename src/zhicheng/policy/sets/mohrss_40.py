"""《职称评审管理暂行规定》(人力资源社会保障部令第40号): the committee's own rules.

Issued 2019-07-01, in force 2019-09-01. These are national rules on how a 职称评审委员会 is
made up and how it votes; the eligibility rules of a year's notice (gx-2017) are a different
set, so this one has no eligibility rules (``rules=()``) and its own id and hash.

What was checked, and what was not (issue 11 asks us to say so in the code)
---------------------------------------------------------------------------
* The document itself — title, 人社部令第40号, issued 2019-07-01 — was found in a public
  listing of regulations (a GitHub source file listing 《职称评审管理暂行规定》,
  人社部令第40号, 2019-07-01, 部门规章). In force 2019-09-01 is the date the 规定 states.
* The **article numbers** below (第十条 committee size, 第十四条 term, 第二十四条 quorum,
  第二十五条 ballot and pass) are from our reading of the 规定; the text of the articles
  could NOT be retrieved through the search tools available here (pages and docs corpora
  returned nothing of it on 2026-12-02). Each parameter therefore carries
  ``ARTICLE_UNVERIFIED`` in its source until someone checks it against the official text
  (中国政府网 / 人社部 website) and removes the marker — that changes the set's hash, as any
  change of content must.

Before 2019-09-01 (our 2017 plan, 桂职办〔2017〕26号)
----------------------------------------------------
The 规定 did not exist in 2017. Parameters are dated: the first value of each takes effect
1986-01-01, standing for the rules of the 1986 职称改革 (中央职称改革工作领导小组 documents of
that year; 人事部-era practice), which used the same 2/3 quorum, the same 2/3 pass by secret
ballot and an odd membership. We could not verify those documents' texts or article numbers
either, so the pre-2019 values are marked ``PRE_2019_UNVERIFIED`` and cite no article. A
session uses the values in force on its ``held_on`` date: a 2017 session gets the pre-2019
values (equal in number to the 40号令 ones, cited as pre-2019 practice), a session held on or
after 2019-09-01 gets 40号令 with its article.
"""

from datetime import date

from ..policyset import Param, PolicySet

DOCUMENT = "人社部令第40号"
TITLE = "职称评审管理暂行规定"
ISSUED = date(2019, 7, 1)
IN_FORCE = date(2019, 9, 1)
PRE_2019 = date(1986, 1, 1)

ARTICLE_UNVERIFIED = "条文序号未能对照原文核实"
PRE_2019_UNVERIFIED = "1986年职称改革以来的做法（人事部时期），原文未能核实"


def _p(name: str, article: str, before: object, after: object) -> Param:
    # clause = the article of 40号令; source says what is and is not verified.
    return Param(name, f"{DOCUMENT} {article}", ((PRE_2019, before), (IN_FORCE, after)),
                 f"{TITLE}（{DOCUMENT}）{article}：{ARTICLE_UNVERIFIED}；"
                 f"{IN_FORCE.isoformat()}以前：{PRE_2019_UNVERIFIED}")


MOHRSS_40 = PolicySet(
    id="mohrss-40",
    document=DOCUMENT,
    title=TITLE,
    issued=ISSUED,
    effective_from=PRE_2019,
    effective_to=None,
    params=(
        # 组成人员应当是单数 (第十条).
        _p("committee_size_odd", "第十条", True, True),
        # 按系列组建的高级评委会不少于25人，按专业组建的不少于11人 (第十条).
        _p("min_members_senior_series", "第十条", 25, 25),
        _p("min_members_senior_specialty", "第十条", 11, 11),
        # 评审专家每届任期不超过3年 (第十四条).
        _p("max_term_years", "第十四条", 3, 3),
        # 出席评审会议的专家人数不少于评委会人数的2/3 (第二十四条): (numerator, denominator).
        _p("quorum_fraction", "第二十四条", (2, 3), (2, 3)),
        # 无记名投票 (第二十五条).
        _p("secret_ballot", "第二十五条", True, True),
        # 同意票数达到出席评审会议的评审专家总数2/3以上即为通过 (第二十五条); 以上 includes 2/3.
        _p("pass_fraction", "第二十五条", (2, 3), (2, 3)),
        # 未出席评审会议的评审专家不得委托他人投票或者补充投票 (第二十五条).
        _p("absent_may_not_vote", "第二十五条", True, True),
    ),
    rules=(),
)
