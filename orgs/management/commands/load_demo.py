from django.core.management.base import BaseCommand

from orgs.demo import load_demo


class Command(BaseCommand):
    help = "Muat instansi demo Kabupaten Sukamaju (idempoten). Mencetak akun demo."

    def handle(self, *args, **options):
        logins = load_demo()
        from assessment.demo import load_demo as load_assessment_demo

        for name in load_assessment_demo():
            self.stdout.write(f"Periode demo dibuat: {name}")
        from review.demo import load_demo as load_review_demo

        for line in load_review_demo():
            self.stdout.write(line)
        from insight.demo import load_demo as load_insight_demo

        for line in load_insight_demo():
            self.stdout.write(line)
        from portfolio.demo import load_demo as load_portfolio_demo

        self.stdout.write(f"Portofolio demo: {load_portfolio_demo()} aplikasi baru.")
        from capacity.demo import load_demo as load_capacity_demo

        for line in load_capacity_demo():
            self.stdout.write(line)
        self.stdout.write(
            "Instansi demo: Kabupaten Sukamaju. Akun demo (nama pengguna / kata sandi / peran):"
        )
        for username, password, description in logins:
            self.stdout.write(f"  {username:<18} {password:<20} {description}")
