from django.core.management.base import BaseCommand

from orgs.demo import load_demo


class Command(BaseCommand):
    help = "Muat institusi demo (idempoten). Mencetak akun demo."

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write("Akun demo (nama pengguna / kata sandi):")
        for username, password, description in logins:
            self.stdout.write(f"  {username:<20} {password:<22} {description}")
