"""Receivers for Django's and axes' authentication signals: each calls one audit service."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import services
from .backends import login_of_lockout_key, normalise_login


@receiver(user_logged_in, dispatch_uid="congso_audit_login")
def _logged_in(sender, request, user, **kwargs):
    services.audit_login_succeeded(user=user)


@receiver(user_logged_out, dispatch_uid="congso_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        services.audit_logout(user=user)


@receiver(user_login_failed, dispatch_uid="congso_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    services.audit_login_failed(username=normalise_login(credentials.get("username")))


@receiver(user_locked_out, dispatch_uid="congso_audit_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    services.audit_lockout(username=login_of_lockout_key(username or ""), ip_address=ip_address)
