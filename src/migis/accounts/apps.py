from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "migis.accounts"
    label = "accounts"
