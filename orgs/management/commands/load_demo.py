from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from orgs.demo import load_demo


class Command(BaseCommand):
    help = "Muat instansi demo Kabupaten Sukamaju (idempoten). Mencetak akun demo."

    def handle(self, *args, **options):
        # The demo's notices are kept in the product; their e-mails are not sent anywhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            lines = self.load_all()
        for line in lines:
            self.stdout.write(line)

    def load_all(self) -> list[str]:
        from assessment.demo import load_demo as load_assessment_demo
        from capacity.demo import load_demo as load_capacity_demo
        from insight.demo import load_demo as load_insight_demo
        from portfolio.demo import load_demo as load_portfolio_demo
        from review.demo import load_demo as load_review_demo

        logins = load_demo()
        lines = [f"Periode demo dibuat: {name}" for name in load_assessment_demo()]
        lines += list(load_review_demo())
        lines += list(load_insight_demo())
        lines.append(f"Portofolio demo: {load_portfolio_demo()} aplikasi baru.")
        lines += list(load_capacity_demo())
        lines.append("Instansi demo: Kabupaten Sukamaju. Akun demo (nama pengguna / kata sandi / peran):")
        lines += [f"  {user:<18} {password:<20} {role}" for user, password, role in logins]
        return lines
