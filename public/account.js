// The demo page's Account panel (README "Account self-service"): change the password, see and end sessions,
// link and unlink providers, delete the account. It talks to the API only; app.js announces signing in and out
// with `hearth:signed-in` / `hearth:signed-out`, and this panel asks it to sign out with `hearth:session-ended`.
// Every value from the server reaches the DOM through textContent, never as HTML.

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, children = []) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

const PROVIDERS = { google: 'Google', github: 'GitHub' };
const LINK_ERRORS = {
  identity_linked_elsewhere: 'That provider account already signs in to another Hearth account.',
  provider_already_linked: 'Another account of that provider is linked already: unlink it first.',
};

/** JSON over fetch with the session cookie; a failure throws the API's error message. */
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => null);
  if (!response) throw new Error('The server could not be reached.');
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => null);
  if (!response.ok) throw new Error(payload?.error?.message ?? `The server answered ${response.status}.`);
  return payload;
}

function endSession(notice) {
  $('notice').textContent = notice;
  document.dispatchEvent(new CustomEvent('hearth:session-ended'));
}

// ---- Sessions ---------------------------------------------------------------------------------------------

function renderSession(session) {
  const since = new Date(session.created_at).toLocaleString();
  const where = [session.user_agent ?? 'unknown browser', session.ip_prefix].filter(Boolean).join(', ');
  const item = el('li', { id: `session-${session.id}` }, [
    el('span', { className: 'where', textContent: `${where}, since ${since}` }),
    session.current ? el('strong', { textContent: ' (this browser)' }) : '',
    ' ',
    el('button', { type: 'button', className: 'sign-out', textContent: 'Sign out' }),
  ]);
  item.querySelector('.sign-out').addEventListener('click', () => signOutSession(session, item));
  return item;
}

async function signOutSession(session, item) {
  $('sessions-error').textContent = '';
  try {
    await api('DELETE', `/api/auth/sessions/${encodeURIComponent(session.id)}`);
    if (session.current) endSession('You signed this browser out.');
    else item.remove();
  } catch (error) {
    $('sessions-error').textContent = error.message;
  }
}

async function loadSessions() {
  $('sessions-error').textContent = '';
  try {
    const { data } = await api('GET', '/api/auth/sessions');
    $('sessions').replaceChildren(...data.map(renderSession));
  } catch (error) {
    $('sessions').replaceChildren();
    $('sessions-error').textContent = `Sessions: ${error.message}`;
  }
}

// ---- Linked providers -------------------------------------------------------------------------------------

function renderIdentity(identity) {
  const label = PROVIDERS[identity.provider] ?? identity.provider;
  const item = el('li', { id: `identity-${identity.provider}` }, [
    el('span', { className: 'provider', textContent: label }),
    identity.email ? ` (${identity.email})` : '',
    ' ',
    el('button', { type: 'button', className: 'unlink', textContent: 'Unlink' }),
  ]);
  item.querySelector('.unlink').addEventListener('click', () => unlink(identity.provider));
  return item;
}

async function unlink(provider) {
  $('identities-error').textContent = '';
  try {
    await api('DELETE', `/api/auth/identities/${encodeURIComponent(provider)}`);
    await loadIdentities();
  } catch (error) {
    $('identities-error').textContent = error.message;
  }
}

async function loadIdentities() {
  try {
    const { data } = await api('GET', '/api/auth/identities');
    $('identities').replaceChildren(...data.map(renderIdentity));
    const linked = new Set(data.map((identity) => identity.provider));
    for (const provider of Object.keys(PROVIDERS)) $(`link-${provider}`).hidden = linked.has(provider);
  } catch (error) {
    $('identities-error').textContent = error.message;
  }
}

// ---- Password and deletion --------------------------------------------------------------------------------

$('password-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const current = $('current-password').value;
  const body = { new_password: $('new-password').value, ...(current ? { current_password: current } : {}) };
  $('password-status').classList.remove('error');
  try {
    await api('PUT', '/api/auth/password', body);
    $('password-status').textContent = 'Password changed; your other sessions were signed out.';
    $('current-password').value = '';
    $('new-password').value = '';
    await loadSessions();
  } catch (error) {
    $('password-status').textContent = error.message;
    $('password-status').classList.add('error');
  }
});

$('delete-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = $('delete-password').value;
  $('delete-error').textContent = '';
  try {
    await api('DELETE', '/api/auth/account', password ? { password } : undefined);
    $('delete-password').value = '';
    $('delete-confirm').checked = false;
    endSession('Your account was deleted.');
  } catch (error) {
    $('delete-error').textContent = error.message;
  }
});

// ---- Signed in or out -------------------------------------------------------------------------------------

document.addEventListener('hearth:signed-in', () => {
  $('notice').textContent = '';
  $('account-section').hidden = false;
  void loadSessions();
  void loadIdentities();
});

document.addEventListener('hearth:signed-out', () => {
  $('account-section').hidden = true;
  for (const id of ['sessions', 'identities']) $(id).replaceChildren();
  for (const id of ['sessions-error', 'identities-error', 'password-status', 'delete-error']) {
    $(id).textContent = '';
  }
});

// A link that could not be completed comes back to the page as `?error=<code>`.
const linkError = new URLSearchParams(location.search).get('error');
if (linkError) $('identities-error').textContent = LINK_ERRORS[linkError] ?? `Linking failed (${linkError}).`;
