"""The default material catalogue, derived from 桂职办〔2017〕26号 三（二） and §2.2.3, §4.3.

Kept inline (not imported from the app) so that later edits to the app cannot change
what this migration did. Offices edit the catalogue afterwards through
zhicheng.materials.domain.catalogue.update_material_type (audited).
"""

from django.db import migrations

ALL = ["pdf", "jpeg", "png"]

CATALOGUE = [
    dict(code="id_card", name="居民身份证", clause="3.2.1", condition="always", required=True,
         formats=ALL, max_size_mb=10, max_files=2, max_pages=4, sort_order=10,
         instruction="上传本人居民身份证正反面原件扫描件，可为一个PDF文件或正反面两张图片。"),
    dict(code="education_certificate", name="学历（学位）证书", clause="4.3",
         condition="always", required=True, formats=ALL, max_size_mb=20, max_files=5,
         max_pages=20, sort_order=20,
         instruction=(
             "上传最高学历及与申报相关的学历、学位证书原件扫描件。学历核验途径（§4.3）："
             "国有企事业单位人员的学历证书由其档案管理部门出具意见予以确认并加盖档案专用章"
             "（§4.3.1）；非公有制人员的学历由评委会在评审前通过学信网验证等方式统一进行"
             "第三方学历认证（§4.3.2）；国（境）外取得的学历（学位）须同时上传国家教育行政"
             "部门出具的学历认证材料（§4.3.3）。")),
    dict(code="title_certificate", name="现专业技术资格（职称）证书", clause="4.1.2",
         condition="has_title", required=True, formats=ALL, max_size_mb=10, max_files=2,
         max_pages=10, sort_order=30,
         instruction="上传现有专业技术资格证书或聘任文件原件扫描件。"),
    dict(code="prior_approval", name="无职称／破格申报审批材料", clause="2.2.3",
         condition="no_title_or_exceptional", required=True, formats=ALL, max_size_mb=10,
         max_files=2, max_pages=20, sort_order=40,
         instruction=("无职称申报和破格申报须在申报前报经系列职改办审批同意（§2.2.3），"
                      "上传审批意见或批复文件。")),
    dict(code="continuing_education_certificate", name="继续教育合格证明", clause="3.2.2",
         condition="always", required=True, formats=ALL, max_size_mb=10, max_files=5,
         max_pages=20, sort_order=50,
         instruction=("完成本部门、本行业规定的继续教育任务或政府人社部门规定的2017年度"
                      "公需科目学习任务的合格证明（§3.2.2）。")),
    dict(code="social_insurance_proof", name="个人社保缴费证明", clause="3.2.4.1",
         condition="non_public", required=True, formats=ALL, max_size_mb=10, max_files=3,
         max_pages=20, sort_order=60,
         instruction=("非公有制经济组织和社会组织人员申报，提供申报前连续6个月以上"
                      "（不含申报当月）的个人社保缴费证明（§3.2.4.1）。")),
    dict(code="business_license", name="法人营业执照或单位查档证明", clause="3.2.4.1",
         condition="non_public", required=True, formats=ALL, max_size_mb=10, max_files=2,
         max_pages=10, sort_order=70,
         instruction=("提供法人营业执照复印件，或工商部门出具的单位查档证明材料，"
                      "证明单位性质（§3.2.4.1）。")),
    dict(code="exceptional_conditions_proof", name="破格条件证明材料", clause="3.2.4.2",
         condition="exceptional", required=True, formats=ALL, max_size_mb=20, max_files=10,
         max_pages=100, sort_order=80,
         instruction=("破格申报的，提供系列评委会同意破格申报的材料及达到破格条件的"
                      "证明材料（§3.2.4.2）。")),
    dict(code="id_change_proof", name="身份证号码变更证明", clause="3.2.4.3",
         condition="id_changed", required=True, formats=ALL, max_size_mb=10, max_files=2,
         max_pages=10, sort_order=90,
         instruction=("身份证号码非正常升位（变动）且存在不同号码关联的证明材料的，提供户籍"
                      "管理部门关于两个身份证号码属于同一人的证明（§3.2.4.3）。")),
    dict(code="achievement_proof", name="业绩成果证明材料", clause="4.1.2",
         condition="optional", required=False, formats=ALL, max_size_mb=50, max_files=20,
         max_pages=300, sort_order=100,
         instruction=("业绩成果、论文著作、获奖证书、免试证明等材料，每项可单独上传"
                      "（最多20个文件）。")),
    dict(code="pledge", name="诚信承诺书", clause="4.2.1", condition="always", required=True,
         formats=ALL, max_size_mb=10, max_files=1, max_pages=5, sort_order=110,
         instruction=("申报人本人签名的诚信承诺书扫描件，承诺所提交材料真实有效；"
                      "提供虚假材料的列入失信档案（§4.2.1）。")),
]


def load(apps, schema_editor):
    MaterialType = apps.get_model("materials", "MaterialType")
    for row in CATALOGUE:
        if not MaterialType.objects.filter(code=row["code"]).exists():
            MaterialType.objects.create(**row)


def unload(apps, schema_editor):
    MaterialType = apps.get_model("materials", "MaterialType")
    MaterialType.objects.filter(code__in=[r["code"] for r in CATALOGUE],
                                files__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("materials", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
