"""Member accounts: registration, passwords, roles, and an admin's confirmation.

Accounts live in the graph beside the people they belong to:
``(:Account {id: username, password_hash, role, status, kind, nonce})-[:FOR]->(:Person)``.
An institutional member's account ``REQUESTS`` its organisation until an admin confirms
it; it then ``REPRESENTS`` the organisation (the right to edit it) and its person
``WORKS_AT`` it. The hash lives only on the Account node, and only
:func:`check_password` reads it: every display query returns named fields, never
``a {.*}``. The ``nonce`` is the session version: it changes at sign-out, with the
password and with the status, which ends every session opened before.

Passwords are hashed with Argon2id (argon2-cffi, RFC 9106's low-memory profile).
Hashes written before (werkzeug's ``scrypt:N:r:p$salt$hex`` format) still verify,
with :func:`hashlib.scrypt`, and are replaced by an Argon2id hash at the next sign-in.
The last active admin cannot be demoted or disabled, so the network always has one.

Example:
    >>> register(store, Registration(username="ana", name="Ana", email="ana@x.org",
    ...          password="long enough pw"))                      # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from neo4j import ManagedTransaction
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from graph.errors import NotFound
from graph.members import audit
from graph.models import Email, Model, OptionalSlug, ShortText
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store, run
from graph.store.queries import query

NAME_TAKEN = query("accounts/name_taken")
CREATE_ACCOUNT = query("accounts/create_account")
GET_CREDENTIALS = query("accounts/get_credentials")
GET_ACCOUNT = query("accounts/get_account")
LIST_ACCOUNTS = query("accounts/list_accounts")
SET_PASSWORD = query("accounts/set_password")
SET_ROLE = query("accounts/set_role")
SET_STATUS = query("accounts/set_status")
SET_NONCE = query("accounts/set_nonce")
OTHER_ADMINS = query("accounts/count_other_admins")
CONFIRM_ACCOUNT = query("accounts/confirm_account")
ORG_EXISTS = query("editing/get_org")

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()  # Argon2id with argon2-cffi's defaults (RFC 9106 low-memory)
# A dummy hash, so a login for an unknown user costs as much as for a known one.
_DUMMY_HASH = _HASHER.hash("not a password")


class AccessRole(StrEnum):
    """Who may do what, in increasing order of rights (see :meth:`rank`)."""

    VISITOR = "visitor"
    MEMBER = "member"
    BROKER = "broker"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(AccessRole).index(self)

    def at_least(self, other: AccessRole) -> bool:
        return self.rank >= other.rank


class AccountStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DISABLED = "disabled"


class MemberKind(StrEnum):
    INDIVIDUAL = "individual"
    INSTITUTIONAL = "institutional"


class AccountError(ValueError):
    """A refused account operation; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _username(value: str) -> str:
    value = value.strip().lower()
    if not USERNAME_RE.match(value):
        raise ValueError("3 to 40 characters: lower-case letters, digits, '.', '_' or '-'")
    return value


Username = Annotated[str, AfterValidator(_username)]
Password = Annotated[str, Field(min_length=MIN_PASSWORD, max_length=256)]


class Registration(Model):
    """What a person gives to become a member."""

    username: Username
    name: ShortText
    email: Email
    password: Password
    kind: MemberKind = MemberKind.INDIVIDUAL
    org: OptionalSlug = None

    @model_validator(mode="after")
    def _org_for_institutions(self) -> Registration:
        if self.kind is MemberKind.INSTITUTIONAL and not self.org:
            raise ValueError("an institutional member names its organisation (field org)")
        return self


class Account(BaseModel):
    """An account as pages show it: never a password hash."""

    model_config = ConfigDict(frozen=True)

    username: str
    role: AccessRole
    status: AccountStatus
    kind: MemberKind
    person: str
    name: str
    created_at: datetime | None = None
    org: str | None = None
    org_name: str | None = None
    requested_org: str | None = None
    requested_org_name: str | None = None


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (salted; parameters kept in the hash)."""
    return _HASHER.hash(password)


def _verify_scrypt(stored: str, password: str) -> bool:
    """Check ``password`` against werkzeug's ``scrypt:N:r:p$salt$hexdigest`` format."""
    try:
        method, salt, digest = stored.split("$", 2)
        name, *args = method.split(":")
        n, r, p = map(int, args) if args else (2**15, 8, 1)
        if name != "scrypt":
            return False
        computed = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=132 * n * r * p)
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (an Argon2id hash, or an older scrypt one)."""
    if stored.startswith("scrypt:"):
        return _verify_scrypt(stored, password)
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` should be replaced by a current Argon2id hash."""
    return not stored.startswith("$argon2id$") or _HASHER.check_needs_rehash(stored)


def _nonce() -> str:
    return secrets.token_hex(16)


def register(
    store: Store,
    reg: Registration,
    role: AccessRole = AccessRole.MEMBER,
    actor: str | None = None,
    attach_person: bool = False,
    status: AccountStatus | None = None,
) -> Account:
    """Create an account (and its Person) and record it in the audit trail.

    Individual members are active at once; institutional members wait for an admin
    (``status`` overrides that, for the CLI). ``attach_person`` lets the CLI give an
    account to a person already in the network; the web form never may.
    """
    if status is None:
        status = AccountStatus.PENDING if reg.kind is MemberKind.INSTITUTIONAL else AccountStatus.ACTIVE
    pw_hash = hash_password(reg.password)
    org = reg.org if reg.kind is MemberKind.INSTITUTIONAL else None

    def work(tx: ManagedTransaction) -> None:
        taken = run(tx, NAME_TAKEN, username=reg.username)[0]
        if taken["account"] or (taken["person"] and not attach_person):
            raise AccountError("username", f"the user name {reg.username!r} is taken")
        if org and not run(tx, ORG_EXISTS, id=org):
            raise AccountError("org", f"no organisation with id {org!r}")
        run(
            tx,
            CREATE_ACCOUNT,
            username=reg.username,
            person=reg.username,
            name=reg.name,
            email=reg.email,
            hash=pw_hash,
            role=role.value,
            status=status.value,
            kind=reg.kind.value,
            nonce=_nonce(),
            org=org,
        )
        audit.record(
            tx,
            actor or reg.username,
            "account.register",
            "Account",
            reg.username,
            {
                "role": {"before": None, "after": role.value},
                "status": {"before": None, "after": status.value},
                "org": {"before": None, "after": org},
            },
        )

    store.write_tx(work)
    return get_account(store, reg.username)


def get_account(store: Store, username: str) -> Account:
    """The account ``username``; :class:`NotFound` if there is none."""
    rows = store.read(GET_ACCOUNT, username=username, nonce=None)
    if not rows:
        raise NotFound(f"no account {username!r}")
    return Account.model_validate(rows[0])


@cached(maxsize=1024, depends=frozenset({Topic.OTHER, Topic.ORGS}))
def session_account(store: Store, username: str, nonce: str) -> Account | None:
    """The active account of a session, or None if its nonce is stale or it is disabled.

    Cached (graph.store.cache): every signed-in request asks, and a round trip to the graph
    for it cost a few percent of the web process's CPU. Every account change (password,
    role, status, confirmation) is a write that records no change (graph.store.changes),
    so it counts under ``OTHER`` and invalidates the cache: it takes effect on the next
    request. The name of the organisation an account represents is an ``ORGS`` change;
    offers, ties and introductions leave it alone.
    """
    rows = store.read(GET_ACCOUNT, username=username, nonce=nonce)
    return Account.model_validate(rows[0]) if rows else None


def check_password(store: Store, username: str, password: str) -> tuple[Account, str] | None:
    """(account, session nonce) when the password is right and the account active.

    An outdated hash (scrypt, or weaker Argon2 parameters) is replaced by a current one.
    """
    username = username.strip().lower()
    rows = store.read(GET_CREDENTIALS, username=username)
    stored = rows[0]["hash"] if rows else _DUMMY_HASH
    if not verify_password(stored, password) or not rows:
        return None
    if rows[0]["status"] != AccountStatus.ACTIVE.value:
        return None
    if needs_rehash(stored):
        _upgrade_hash(store, username, hash_password(password))
    return get_account(store, username), rows[0]["nonce"]


def _upgrade_hash(store: Store, username: str, pw_hash: str) -> None:
    """Store a current hash of the same password; sessions stay (the nonce is kept)."""

    def work(tx: ManagedTransaction) -> None:
        nonce = run(tx, GET_CREDENTIALS, username=username)[0]["nonce"]
        run(tx, SET_PASSWORD, username=username, hash=pw_hash, nonce=nonce)
        audit.record(tx, username, "account.rehash", "Account", username)

    store.write_tx(work)


def end_sessions(store: Store, username: str) -> None:
    """Sign ``username`` out everywhere: a new nonce, so every saved session cookie is void."""

    def work(tx: ManagedTransaction) -> None:
        if run(tx, SET_NONCE, username=username, nonce=_nonce()):
            audit.record(tx, username, "account.logout", "Account", username)

    store.write_tx(work)


def change_password(store: Store, username: str, old: str, new: str) -> str:
    """Set a new password after checking the old one; return the new session nonce."""
    if check_password(store, username, old) is None:
        raise AccountError("old_password", "the current password is not correct")
    if not MIN_PASSWORD <= len(new) <= 256:
        raise AccountError("new_password", f"must be {MIN_PASSWORD} to 256 characters long")
    return set_password(store, username, new, actor=username)


def set_password(store: Store, username: str, new: str, actor: str) -> str:
    """Set a password without the old one (admins, the CLI); return the new nonce."""
    nonce, pw_hash = _nonce(), hash_password(new)

    def work(tx: ManagedTransaction) -> None:
        if not run(tx, SET_PASSWORD, username=username, hash=pw_hash, nonce=nonce):
            raise NotFound(f"no account {username!r}")
        audit.record(tx, actor, "account.password", "Account", username)

    store.write_tx(work)
    return nonce


def list_accounts(store: Store) -> list[Account]:
    """Every account, pending ones first."""
    return [Account.model_validate(row) for row in store.read(LIST_ACCOUNTS)]


def _keep_an_admin(tx: ManagedTransaction, username: str, field: str) -> None:
    """Refuse a change that would leave the network without an active admin."""
    rows = run(tx, OTHER_ADMINS, username=username)
    if rows[0]["target_admin"] and not rows[0]["others"]:
        raise AccountError(field, f"{username!r} is the last active admin; make another admin first")


def set_role(store: Store, username: str, role: AccessRole, actor: str) -> None:
    """Give ``username`` the role ``role`` (audited); never "visitor", never the last admin's."""
    if role is AccessRole.VISITOR:
        raise AccountError("role", "role must be one of " + ", ".join(r for r in AccessRole if r is not role))
    before = get_account(store, username).role

    def work(tx: ManagedTransaction) -> None:
        if role is not AccessRole.ADMIN:
            _keep_an_admin(tx, username, "role")
        run(tx, SET_ROLE, username=username, role=role.value)
        audit.record(
            tx, actor, "account.role", "Account", username, audit.diff({"role": before.value}, {"role": role.value})
        )

    store.write_tx(work)


def set_status(store: Store, username: str, status: AccountStatus, actor: str) -> None:
    """Activate or disable ``username`` (audited); disabling ends its sessions.

    The last active admin cannot be disabled (nor made pending).
    """
    before = get_account(store, username).status

    def work(tx: ManagedTransaction) -> None:
        if status is not AccountStatus.ACTIVE:
            _keep_an_admin(tx, username, "status")
        run(tx, SET_STATUS, username=username, status=status.value, nonce=_nonce())
        audit.record(
            tx,
            actor,
            "account.status",
            "Account",
            username,
            audit.diff({"status": before.value}, {"status": status.value}),
        )

    store.write_tx(work)


def confirm(store: Store, username: str, actor: str) -> Account:
    """Confirm a pending institutional member: it now represents its organisation."""
    account = get_account(store, username)
    if account.status is not AccountStatus.PENDING or not account.requested_org:
        raise AccountError("username", f"{username!r} is not waiting for confirmation")

    def work(tx: ManagedTransaction) -> None:
        run(tx, CONFIRM_ACCOUNT, username=username)
        audit.record(
            tx,
            actor,
            "account.confirm",
            "Account",
            username,
            {
                "status": {"before": "pending", "after": "active"},
                "org": {"before": None, "after": account.requested_org},
            },
        )

    store.write_tx(work)
    return get_account(store, username)


def ensure_account(
    store: Store, username: str, name: str, role: AccessRole, password: str, org: str | None, actor: str
) -> bool:
    """An active account ``username`` with ``role`` (representing ``org`` when given),
    created if there is none; ``True`` if it was created now (an existing one is left as it is).

    For set-ups that need one account per role: the demo's first run, the tests, the load test.
    """
    if store.read(GET_CREDENTIALS, username=username):
        return False
    kind = MemberKind.INSTITUTIONAL if org else MemberKind.INDIVIDUAL
    email = f"{username}@example.org"
    reg = Registration(username=username, name=name, email=email, password=password, kind=kind, org=org)
    register(store, reg, role=role, actor=actor)
    if org:
        confirm(store, username, actor)
    return True
