// The admin console of the demo page: API keys and user roles, through the same admin endpoints (and the same
// session cookie, CSRF rule and error shape) as any other client. The server decides: a non-admin gets 403 anyway.
// Every value from the server reaches the DOM through textContent or attributes, never as HTML.

const ROLES = ['user', 'moderator', 'admin'];
const USERS_PAGE_SIZE = 50;

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, children = []) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
const when = (iso) => (iso ? new Date(iso).toLocaleString() : 'never');

/** The API's message, and for a validation error what is wrong with each field. */
function describeError(error) {
  const fields = Array.isArray(error.details) ? error.details.filter((detail) => detail?.field) : [];
  if (fields.length === 0) return error.message;
  return `${error.message} ${fields.map(({ field, message }) => `${field}: ${message}`).join('; ')}`;
}

let api = null;
let me = null;
let users = new Map(); // id → user, as far as the loaded pages go
let usersPage = 0;

/** Shows the console to an admin (loading keys and users), hides and empties it for anyone else. */
export function showAdminConsole(client, user) {
  api = client;
  me = user;
  const isAdmin = user?.role === 'admin';
  $('admin-section').hidden = !isAdmin;
  if (!isAdmin) return clearAdminConsole();
  void reloadAdminConsole();
}

function clearAdminConsole() {
  users = new Map();
  usersPage = 0;
  $('keys').tBodies[0].replaceChildren();
  $('users').tBodies[0].replaceChildren();
  $('key-owner').replaceChildren(el('option', { value: '', textContent: 'me' }));
  $('new-key').hidden = true;
  $('new-key-value').textContent = '';
  for (const id of ['key-error', 'keys-error', 'users-error', 'copy-status']) $(id).textContent = '';
}

async function reloadAdminConsole() {
  clearAdminConsole();
  await loadMoreUsers();
  await loadKeys();
}

// ---- Users ------------------------------------------------------------------------------------------------

async function loadMoreUsers() {
  $('users-error').textContent = '';
  try {
    const page = await api('GET', `/api/admin/users?page=${usersPage + 1}&page_size=${USERS_PAGE_SIZE}`);
    usersPage = page.metadata.page_number;
    for (const user of page.data) users.set(user.id, user);
    $('users').tBodies[0].append(...page.data.map(renderUser));
    $('key-owner').append(
      ...page.data.map((user) => el('option', { value: String(user.id), textContent: user.email })),
    );
    $('more-users').hidden = usersPage >= page.metadata.total_pages;
  } catch (error) {
    $('users-error').textContent = describeError(error);
  }
}

function renderUser(user) {
  const select = el(
    'select',
    { className: 'role', title: `Role of ${user.email}` },
    ROLES.map((role) => el('option', { value: role, textContent: role, selected: role === user.role })),
  );
  select.dataset.role = user.role;
  const row = el('tr', { id: `admin-user-${user.id}` }, [
    el('td', { className: 'email', textContent: user.email }),
    el('td', { textContent: user.display_name ?? '' }),
    el('td', {}, [select, ' ', el('span', { className: 'error', role: 'alert' })]),
  ]);
  row.dataset.id = String(user.id);
  return row;
}

async function changeRole(row, select) {
  const error = row.querySelector('.error');
  const before = select.dataset.role;
  error.textContent = '';
  select.disabled = true;
  try {
    const user = await api('PATCH', `/api/admin/users/${row.dataset.id}`, { role: select.value });
    select.dataset.role = user.role;
    select.value = user.role;
    users.set(user.id, user);
    // Demoting yourself ends your admin work here: the server would refuse the next admin call anyway.
    if (user.id === me.id) showAdminConsole(api, { ...me, role: user.role });
  } catch (failure) {
    select.value = before;
    error.textContent = describeError(failure);
  } finally {
    select.disabled = false;
  }
}

$('users').addEventListener('change', (event) => {
  const select = event.target.closest('select.role');
  if (select) void changeRole(select.closest('tr'), select);
});

$('more-users').addEventListener('click', () => void loadMoreUsers());

// ---- API keys ---------------------------------------------------------------------------------------------

function ownerLabel(userId) {
  // A key issued without an owner acts as the admin who issued it.
  if (userId === null || userId === undefined) return 'issuing admin';
  return users.get(userId)?.email ?? `user ${userId}`;
}

function renderKey(key) {
  const revoked = key.revoked_at !== null;
  const action = revoked
    ? el('span', { textContent: `revoked ${when(key.revoked_at)}` })
    : el('button', { type: 'button', className: 'revoke', textContent: 'Revoke' });
  const row = el('tr', { id: `api-key-${key.id}`, className: revoked ? 'revoked' : '' }, [
    el('td', { className: 'name', textContent: key.name }),
    el('td', {}, [el('code', { className: 'prefix', textContent: key.prefix })]),
    el('td', { className: 'owner', textContent: ownerLabel(key.user_id) }),
    el('td', { className: 'limit', textContent: String(key.rate_limit_per_hour) }),
    el('td', { className: 'last-used', textContent: when(key.last_used_at) }),
    el('td', {}, [action]),
  ]);
  row.dataset.id = String(key.id);
  return row;
}

async function loadKeys() {
  $('keys-error').textContent = '';
  try {
    const { data } = await api('GET', '/api/admin/api-keys');
    $('keys').tBodies[0].replaceChildren(...data.map(renderKey));
  } catch (error) {
    $('keys-error').textContent = describeError(error);
  }
}

$('key-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('key-error').textContent = '';
  const body = { name: $('key-name').value.trim() };
  if ($('key-owner').value) body.user_id = Number($('key-owner').value);
  if ($('key-limit').value) body.rate_limit_per_hour = Number($('key-limit').value);
  const submit = $('key-form').querySelector('button');
  submit.disabled = true;
  try {
    const created = await api('POST', '/api/admin/api-keys', body);
    $('new-key-value').textContent = created.key;
    $('copy-status').textContent = '';
    $('new-key').hidden = false;
    $('key-form').reset();
    await loadKeys();
  } catch (error) {
    $('key-error').textContent = describeError(error);
  } finally {
    submit.disabled = false;
  }
});

$('copy-key').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('new-key-value').textContent);
    $('copy-status').textContent = 'Copied.';
  } catch {
    // Without clipboard access (an insecure origin, a refused permission) the key is selected for Ctrl-C.
    getSelection().selectAllChildren($('new-key-value'));
    $('copy-status').textContent = 'Press Ctrl-C (or ⌘-C) to copy the selected key.';
  }
});

$('keys').addEventListener('click', async (event) => {
  const button = event.target.closest('button.revoke');
  if (!button) return;
  const row = button.closest('tr');
  button.disabled = true;
  $('keys-error').textContent = '';
  try {
    await api('DELETE', `/api/admin/api-keys/${row.dataset.id}`);
    await loadKeys();
  } catch (error) {
    button.disabled = false;
    $('keys-error').textContent = describeError(error);
  }
});
