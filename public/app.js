/* global io -- the socket.io browser client, loaded by index.html from /vendor/socket.io.min.js */
// Hearth's demo page: a client of the public API and socket.io contract (README.md, API.md), nothing more.
// Every value from the server reaches the DOM through textContent or attributes, never as HTML.
import { showAdminConsole } from './admin.js';
import { applyPresenceDiff, presenceFromState } from './presence.js';

const LOBBY = 'room:lobby';
const POSTS_TOPIC = 'posts';
const POST_EVENTS = ['post_created', 'post_updated', 'post_deleted'];
const COMMENT_EVENTS = ['comment_created', 'comment_updated', 'comment_deleted'];
const POSTS_PAGE_SIZE = 20;
const TYPING_SHOWN_MS = 3_000;
const TYPING_SENT_EVERY_MS = 1_500;
const ACK_TIMEOUT_MS = 5_000;

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, children = []) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

// ---- HTTP -------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message, details = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** JSON over fetch with the session cookie (same origin: the browser adds Origin, which passes CSRF). */
async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The server answered ${response.status}.`,
      error?.details ?? null,
    );
  }
  return payload;
}

// ---- Session ----------------------------------------------------------------------------------------------

let me = null;
let socket = null;

/** Who is signed in, in the header; moderators' and admins' tools (style.css) follow `data-role`. */
function showUser(user) {
  $('current-user').textContent = user ? `${user.email} (${user.role})` : '';
  document.body.dataset.role = user?.role ?? 'anonymous';
}

function signedIn(user) {
  me = user;
  $('login-form').hidden = true;
  $('session').hidden = false;
  showUser(user);
  connectSocket();
  void loadUploads();
  showAdminConsole(api, user);
  document.dispatchEvent(new CustomEvent('hearth:signed-in', { detail: user }));
}

function signedOut() {
  me = null;
  socket?.disconnect();
  socket = null;
  presence = {};
  renderOnline();
  setConnection('offline');
  $('session').hidden = true;
  $('login-form').hidden = false;
  showUser(null);
  $('uploads').replaceChildren();
  showAdminConsole(api, null);
  document.dispatchEvent(new CustomEvent('hearth:signed-out'));
}

// The Account panel (account.js) ended this browser's session: its own, or by deleting the account.
document.addEventListener('hearth:session-ended', () => signedOut());

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const user = await api('POST', '/api/auth/login', {
      email: $('login-email').value,
      password: $('login-password').value,
    });
    $('login-password').value = '';
    signedIn(user);
  } catch (error) {
    $('login-error').textContent = error.message;
  }
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/api/auth/logout').catch(() => undefined);
  signedOut();
});

// ---- Socket -----------------------------------------------------------------------------------------------

function setConnection(state, detail = '') {
  $('connection').textContent = detail ? `${state}: ${detail}` : state;
  $('connection').classList.toggle('live', state === 'live');
}

async function join(topic) {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { topic });
  if (!ack.ok) throw new Error(ack.error?.message ?? `could not join ${topic}`);
}

async function reconnectIfSignedIn() {
  try {
    const user = await api('GET', '/api/auth/me');
    const roleChanged = user.role !== me?.role;
    me = user;
    showUser(user);
    if (roleChanged) showAdminConsole(api, user);
    socket?.connect();
  } catch {
    signedOut();
  }
}

function connectSocket() {
  if (typeof io !== 'function') {
    setConnection('offline', 'the socket.io client did not load');
    return;
  }
  socket = io({
    transports: ['websocket'],
    // Called on every (re)connect, so a reconnect presents a fresh short-lived token.
    auth: (send) => {
      api('GET', '/api/auth/socket-token').then(
        ({ token }) => send({ token }),
        () => send({}),
      );
    },
  });
  socket.on('connect', async () => {
    setConnection('live');
    try {
      await join(POSTS_TOPIC);
      // What happened while we were not in the topic is in the list; events from now on are applied on top.
      await reloadPosts();
      $('posts').dataset.live = 'true';
      await join(LOBBY);
    } catch (error) {
      setConnection('live', error.message);
    }
  });
  socket.on('disconnect', (reason) => {
    $('posts').dataset.live = 'false';
    presence = {};
    renderOnline();
    setConnection('offline');
    // The server ends connections whose authority changed (a new role, a new password, signing out elsewhere):
    // while this browser is still signed in, connect again with a fresh token.
    if (reason === 'io server disconnect') void reconnectIfSignedIn();
  });
  socket.on('connect_error', (error) => setConnection('offline', error.message));

  for (const type of POST_EVENTS) socket.on(type, (payload) => onPostEvent(type, payload));
  for (const type of COMMENT_EVENTS) socket.on(type, (payload) => onCommentEvent(type, payload));
  socket.on('presence_state', ({ topic, presences }) => {
    if (topic !== LOBBY) return;
    presence = presenceFromState(presences);
    renderOnline();
  });
  socket.on('presence_diff', (diff) => {
    if (diff.topic !== LOBBY) return;
    presence = applyPresenceDiff(presence, diff);
    renderOnline();
  });
  socket.on('user_typing', ({ topic, user_id: userId }) => {
    if (topic === LOBBY) showTyping(userId);
  });
  socket.on('message', (message) => {
    if (message.topic !== LOBBY) return;
    stopTyping(message.user_id);
    appendMessage(message);
  });
}

// ---- Posts ------------------------------------------------------------------------------------------------

let postsGeneration = 0;
let bufferedEvents = null; // post events that arrive while the list is (re)loading
let nextCursor = null;

function renderPost(domId, post) {
  const item = el('li', { id: domId }, [
    el('div', { className: 'title' }),
    el('p', { className: 'body' }),
    el('button', { type: 'button', className: 'like', title: 'Like' }, [
      '♥ ',
      el('span', { className: 'likes' }),
    ]),
    el('button', { type: 'button', className: 'toggle-comments' }, [
      'Comments (',
      el('span', { className: 'comments-count' }),
      ')',
    ]),
    el('button', { type: 'button', className: 'hide-post', title: 'Hide (moderators)' }, ['Hide']),
    el('span', { className: 'error', role: 'alert' }),
    el('section', { className: 'comments', hidden: true }),
  ]);
  item.dataset.id = domId.slice('posts-'.length);
  item.querySelector('.like').setAttribute('aria-pressed', 'false');
  updatePost(item, post);
  return item;
}

function updatePost(item, post) {
  item.querySelector('.title').textContent = post.title;
  item.querySelector('.body').textContent =
    post.body.length > 200 ? `${post.body.slice(0, 200)}…` : post.body;
  item.querySelector('.likes').textContent = String(post.likes);
  item.querySelector('.comments-count').textContent = String(post.comments_count);
}

function findPost(domId) {
  return $('posts').querySelector(`#${CSS.escape(domId)}`);
}

async function fetchPosts(cursor) {
  const query = new URLSearchParams({ limit: String(POSTS_PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  const page = await api('GET', `/api/v2/posts?${query}`);
  nextCursor = page.meta.next_cursor;
  $('more-posts').hidden = !nextCursor;
  return page.data.map((resource) => renderPost(`posts-${resource.id}`, resource.attributes));
}

async function reloadPosts() {
  const generation = ++postsGeneration;
  bufferedEvents = [];
  try {
    const items = await fetchPosts(null);
    if (generation !== postsGeneration) return;
    $('posts').replaceChildren(...items);
  } catch (error) {
    $('posts').replaceChildren(el('li', { className: 'error', textContent: error.message }));
  }
  if (generation !== postsGeneration) return;
  const missed = bufferedEvents;
  bufferedEvents = null;
  for (const [type, payload] of missed) applyPostEvent(type, payload);
}

function onPostEvent(type, payload) {
  if (bufferedEvents) bufferedEvents.push([type, payload]);
  else applyPostEvent(type, payload);
}

function applyPostEvent(type, { dom_id: domId, post }) {
  const existing = findPost(domId);
  if (type === 'post_deleted' || !post) {
    existing?.remove();
  } else if (existing) {
    updatePost(existing, post);
  } else if (type === 'post_created') {
    $('posts').prepend(renderPost(domId, post));
  }
}

$('more-posts').addEventListener('click', async () => {
  const items = await fetchPosts(nextCursor);
  $('posts').append(...items.filter((item) => !findPost(item.id)));
});

// Optimistic likes: the count moves at once; a refused request puts it back and says why.
$('posts').addEventListener('click', async (event) => {
  if (await onCommentsClick(event)) return;
  const button = event.target.closest('button.like');
  if (!button) return;
  const item = button.closest('li');
  const count = item.querySelector('.likes');
  const error = item.querySelector('.error');
  const before = Number(count.textContent);
  const wasLiked = button.getAttribute('aria-pressed') === 'true';

  count.textContent = String(before + (wasLiked ? -1 : 1));
  button.setAttribute('aria-pressed', String(!wasLiked));
  button.disabled = true;
  error.textContent = '';
  try {
    const state = await api(wasLiked ? 'DELETE' : 'POST', `/api/v2/posts/${item.dataset.id}/like`);
    count.textContent = String(state.likes);
    button.setAttribute('aria-pressed', String(state.liked));
  } catch (failure) {
    count.textContent = String(before);
    button.setAttribute('aria-pressed', String(wasLiked));
    error.textContent = `Could not ${wasLiked ? 'unlike' : 'like'}: ${failure.message}`;
  } finally {
    button.disabled = false;
  }
});

// ---- Comments -----------------------------------------------------------------------------------------------
// Under each post, opened on demand. Live changes arrive on the `posts` topic (which carries the comments of every
// public post); the count under the post follows every event, the open list applies them.

const isModerator = () => me?.role === 'moderator' || me?.role === 'admin';

function renderComment(domId, comment) {
  const item = el('li', { id: domId, className: comment.parent_id ? 'reply' : '' }, [
    el('span', { className: 'author' }),
    el('span', { className: 'text' }),
    el('button', { type: 'button', className: 'report', textContent: 'Report' }),
    el('button', { type: 'button', className: 'hide', textContent: 'Hide' }),
    el('span', { className: 'error', role: 'alert' }),
  ]);
  item.dataset.id = domId.slice('comments-'.length);
  updateComment(item, comment);
  return item;
}

function updateComment(item, comment) {
  item.classList.toggle('deleted', comment.deleted);
  item.querySelector('.author').textContent = comment.deleted ? '' : `${userLabel(comment.author_id)}: `;
  item.querySelector('.text').textContent = comment.deleted ? '(deleted)' : comment.body;
  item.querySelector('.report').hidden = comment.deleted || !me;
  item.querySelector('.hide').hidden = comment.deleted || !isModerator();
}

async function openComments(postItem) {
  const panel = postItem.querySelector('.comments');
  panel.hidden = false;
  const list = el('ul', { className: 'comment-list' });
  const form = el('form', { className: 'comment-form', hidden: !me }, [
    el('input', { name: 'body', placeholder: 'Write a comment', maxLength: 4000, required: true }),
    el('button', { type: 'submit', textContent: 'Comment' }),
  ]);
  panel.replaceChildren(list, form, el('span', { className: 'error', role: 'alert' }));
  try {
    const page = await api('GET', `/api/v2/posts/${postItem.dataset.id}/comments?limit=100`);
    list.append(
      ...page.data.map((resource) => renderComment(`comments-${resource.id}`, resource.attributes)),
    );
    panel.dataset.loaded = 'true';
  } catch (error) {
    panel.querySelector(':scope > .error').textContent = error.message;
  }
}

function onCommentEvent(type, { dom_id: domId, post_id: postId, comment }) {
  const postItem = findPost(`posts-${postId}`);
  if (!postItem) return;
  const count = postItem.querySelector('.comments-count');
  count.textContent = String(
    Number(count.textContent) + (type === 'comment_created' ? 1 : 0) - (type === 'comment_deleted' ? 1 : 0),
  );
  const list = postItem.querySelector('.comment-list');
  if (!list) return;
  const existing = list.querySelector(`#${CSS.escape(domId)}`);
  if (!comment) existing?.remove();
  else if (existing) updateComment(existing, comment);
  else if (type === 'comment_created') list.append(renderComment(domId, comment));
}

/** Comment clicks inside the post list; true when the click was one. */
async function onCommentsClick(event) {
  const postItem = event.target.closest('#posts > li');
  if (!postItem) return false;
  if (event.target.closest('.toggle-comments')) {
    const panel = postItem.querySelector('.comments');
    if (panel.hidden) await openComments(postItem);
    else panel.hidden = true;
    return true;
  }
  const button = event.target.closest('.comment-list button');
  if (!button) return false;
  const item = button.closest('li');
  const error = item.querySelector('.error');
  error.textContent = '';
  try {
    if (button.classList.contains('report')) {
      await api('POST', '/api/v2/reports', {
        target_type: 'comment',
        target_id: Number(item.dataset.id),
        reason: 'Reported from the demo page',
      });
      button.textContent = 'Reported';
      button.disabled = true;
    } else if (button.classList.contains('hide')) {
      await api('POST', `/api/v2/moderation/comments/${item.dataset.id}/hide`, {
        reason: 'Hidden from the demo page',
      });
    }
  } catch (failure) {
    error.textContent = failure.message;
  }
  return true;
}

$('posts').addEventListener('submit', async (event) => {
  const form = event.target.closest('.comment-form');
  if (!form) return;
  event.preventDefault();
  const postItem = form.closest('#posts > li');
  const input = form.querySelector('input');
  const error = form.parentElement.querySelector(':scope > .error');
  error.textContent = '';
  try {
    const { data } = await api('POST', `/api/v2/posts/${postItem.dataset.id}/comments`, {
      body: input.value,
    });
    input.value = '';
    // Its live event may come before or after this answer (or never, on a draft): whichever is first adds it.
    const list = postItem.querySelector('.comment-list');
    if (!list.querySelector(`#comments-${data.id}`)) {
      list.append(renderComment(`comments-${data.id}`, data.attributes));
    }
  } catch (failure) {
    error.textContent = failure.message;
  }
});

// Moderators and admins hide a post: it leaves the list here at once, and everywhere else through post_deleted.
$('posts').addEventListener('click', async (event) => {
  const button = event.target.closest('button.hide-post');
  if (!button) return;
  const item = button.closest('li');
  const reason = window.prompt('Why hide this post? (shown in the moderation log)');
  if (!reason?.trim()) return;
  button.disabled = true;
  item.querySelector('.error').textContent = '';
  try {
    await api('POST', `/api/v2/moderation/posts/${item.dataset.id}/hide`, { reason: reason.trim() });
    item.remove();
  } catch (failure) {
    item.querySelector('.error').textContent = `Could not hide: ${failure.message}`;
    button.disabled = false;
  }
});

// ---- Lobby: presence, typing, chat ------------------------------------------------------------------------

let presence = {};
const typingTimers = new Map();
let typingSentAt = 0;

function userLabel(userId) {
  return me && String(me.id) === String(userId) ? `${me.email} (you)` : `user ${userId}`;
}

function renderOnline() {
  const items = Object.entries(presence).map(([userId, { metas }]) => {
    const tabs = metas.length > 1 ? ` (${metas.length} connections)` : '';
    const item = el('li', { id: `online-user-${userId}`, textContent: `${userLabel(userId)}${tabs}` });
    item.dataset.userId = userId;
    return item;
  });
  $('online').replaceChildren(...items);
}

function renderTyping() {
  const names = [...typingTimers.keys()].map(userLabel);
  $('typing').textContent =
    names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

function showTyping(userId) {
  clearTimeout(typingTimers.get(userId));
  typingTimers.set(
    userId,
    setTimeout(() => stopTyping(userId), TYPING_SHOWN_MS),
  );
  renderTyping();
}

function stopTyping(userId) {
  clearTimeout(typingTimers.get(userId));
  typingTimers.delete(userId);
  renderTyping();
}

function appendMessage({ id, user_id: userId, body, inserted_at: insertedAt }) {
  const time = new Date(insertedAt).toLocaleTimeString();
  const item = el('li', { id: `message-${id}` }, [
    el('strong', { className: 'author', textContent: userLabel(userId) }),
    ` ${time}: `,
    el('span', { className: 'text', textContent: body }),
  ]);
  $('messages').append(item);
  item.scrollIntoView({ block: 'nearest' });
}

$('chat-input').addEventListener('input', () => {
  if (!socket?.connected || Date.now() - typingSentAt < TYPING_SENT_EVERY_MS) return;
  typingSentAt = Date.now();
  socket.emit('typing', { topic: LOBBY });
});

$('chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = $('chat-input').value.trim();
  $('chat-error').textContent = '';
  if (!body) return;
  if (!socket?.connected) {
    $('chat-error').textContent = 'Sign in to chat.';
    return;
  }
  const ack = await socket
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('new_message', { topic: LOBBY, body })
    .catch(() => ({ ok: false, error: { message: 'The server did not answer.' } }));
  if (ack.ok) {
    $('chat-input').value = '';
    typingSentAt = 0;
  } else {
    $('chat-error').textContent = ack.error.message;
  }
});

// ---- Uploads ----------------------------------------------------------------------------------------------

function renderUpload(upload) {
  return el('li', { id: `upload-${upload.id}` }, [
    el('img', { src: upload.url, alt: upload.name }),
    el('span', { className: 'name', textContent: upload.name }),
    ` (${Math.ceil(upload.size / 1024)} KB)`,
  ]);
}

async function loadUploads() {
  try {
    const page = await api('GET', '/api/uploads?page_size=10');
    $('uploads').replaceChildren(...page.data.map(renderUpload));
  } catch {
    // The list is a convenience; uploading still works.
  }
}

function setUploadStatus(text, isError = false) {
  $('upload-status').textContent = text;
  $('upload-status').classList.toggle('error', isError);
}

// XMLHttpRequest rather than fetch: only it reports upload progress.
$('upload-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const files = [...$('upload-input').files];
  if (files.length === 0) return setUploadStatus('Choose an image first.', true);
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);

  const progress = $('upload-progress');
  const submit = $('upload-form').querySelector('button');
  progress.hidden = false;
  progress.value = 0;
  submit.disabled = true;
  setUploadStatus('Uploading…');

  const request = new XMLHttpRequest();
  request.open('POST', '/api/uploads');
  request.responseType = 'json';
  request.upload.addEventListener('progress', (progressEvent) => {
    if (progressEvent.lengthComputable) {
      progress.value = Math.round((progressEvent.loaded / progressEvent.total) * 100);
    }
  });
  request.addEventListener('load', () => {
    if (request.status === 201) {
      progress.value = 100;
      setUploadStatus(`Uploaded ${files.length} file${files.length === 1 ? '' : 's'}.`);
      $('uploads').prepend(...request.response.data.map(renderUpload));
      $('upload-input').value = '';
    } else {
      progress.value = 0;
      const message = request.response?.error?.message ?? `The server answered ${request.status}.`;
      setUploadStatus(`Upload failed: ${message}`, true);
    }
  });
  request.addEventListener('error', () => {
    progress.value = 0;
    setUploadStatus('Upload failed: the server could not be reached.', true);
  });
  request.addEventListener('loadend', () => {
    submit.disabled = false;
  });
  request.send(form);
});

// ---- Start ------------------------------------------------------------------------------------------------

const current = await api('GET', '/api/auth/me').catch(() => null);
if (current) signedIn(current);
else signedOut();
// Signed in, the list is (re)loaded each time the socket joins `posts`; anonymous visitors get a snapshot.
if (!current) void reloadPosts();
