// Presence bookkeeping as Phoenix's syncDiff does it: per user a list of metas (one per connection), keyed by
// phx_ref; a user is online while at least one meta is left.

/** A fresh state from `presence_state`'s presences. */
export function presenceFromState(presences) {
  const state = {};
  for (const [userId, { metas }] of Object.entries(presences)) state[userId] = { metas: [...metas] };
  return state;
}

/** A new state with a `presence_diff`'s joins and leaves applied. */
export function applyPresenceDiff(state, { joins = {}, leaves = {} }) {
  const next = presenceFromState(state);
  for (const [userId, joined] of Object.entries(joins)) {
    const joinedRefs = new Set(joined.metas.map((meta) => meta.phx_ref));
    const kept = (next[userId]?.metas ?? []).filter((meta) => !joinedRefs.has(meta.phx_ref));
    next[userId] = { metas: [...kept, ...joined.metas] };
  }
  for (const [userId, left] of Object.entries(leaves)) {
    const current = next[userId];
    if (!current) continue;
    const leftRefs = new Set(left.metas.map((meta) => meta.phx_ref));
    current.metas = current.metas.filter((meta) => !leftRefs.has(meta.phx_ref));
    if (current.metas.length === 0) delete next[userId];
  }
  return next;
}
