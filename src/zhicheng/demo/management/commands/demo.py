"""`zhicheng demo`: load the demo catalogue and accounts, then list the demo logins."""

from django.core.management.base import BaseCommand

from zhicheng.demo.declarations import load_sample_declarations
from zhicheng.demo.load import load_demo
from zhicheng.demo.pool import expert_logins, load_demo_pool
from zhicheng.demo.table import render_table


class Command(BaseCommand):
    help = ("载入演示数据（广西2017年度职称评审：设区市、系列、评委会、单位、年度部署"
            "及演示账号），可重复执行，已有数据不变。")

    def handle(self, *args, **options) -> None:
        logins = load_demo(stdout=self.stdout)
        created = load_sample_declarations()
        if created:
            self.stdout.write(f"已创建 {created} 份演示申报（每种状态至少一份，"
                              "办理过程按2017年度日程记录）。")
        experts = load_demo_pool()
        if experts:
            self.stdout.write(f"已将 {experts} 名专家录入演示评委会的评委库。")
        rows = [(x.username, x.password, x.role, x.scope) for x in logins] + expert_logins()
        self.stdout.write("\n演示账号：")
        self.stdout.write(render_table(("用户名", "密码", "角色", "范围"), rows))
