from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portofolio aplikasi"

    def ready(self):
        """Attach the public catalogue API to the project's API (once, even if ready() runs again)."""
        from api.api import api
        from portfolio.api import router

        if router not in [r for _prefix, r in api._routers]:
            api.add_router("/katalog/", router)
