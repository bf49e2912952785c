from django.core.management.base import BaseCommand

from orgs.demo import load_demo


class Command(BaseCommand):
    help = "Muat instansi demo Kabupaten Sukamaju (idempoten). Mencetak akun demo."

    def handle(self, *args, **options):
        logins = load_demo()
        from assessment.demo import load_demo as load_assessment_demo

        for name in load_assessment_demo():
            self.stdout.write(f"Periode demo dibuat: {name}")
        self.stdout.write("Instansi demo: Kabupaten Sukamaju. Akun demo (nama pengguna / kata sandi / peran):")
        for username, password, description in logins:
            self.stdout.write(f"  {username:<18} {password:<20} {description}")
