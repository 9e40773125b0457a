/**
 * Room-wide presence in Redis. A room's presence hash has one field `hostId|memberId` → name per
 * host a member has sockets on, so a member on two hosts counts once, and each host only ever
 * touches its own fields. A second hash keeps, for the same fields, the confusable skeleton of
 * the name (name-skeleton.ts), so that names are unique on it room-wide as on a single host. The scripts decide "arrived" / "left" atomically and publish the event
 * in the same step, so exactly one host announces each join and leave, even when a dead host's
 * members are cleaned up by whichever live host notices first.
 */
import { LuaScript } from './connection.ts';

/** Shared Lua: the member id of a field `hostId|memberId`, and its host. */
const SPLIT = `
local function split(f)
  local bar = string.find(f, '|', 1, true)
  return string.sub(f, 1, bar - 1), string.sub(f, bar + 1)
end
-- The first candidate (ARGV 5 on: name, skeleton, …) whose skeleton and name nobody else has.
local function firstFree(takenSkel, takenName)
  for i = 5, #ARGV, 2 do
    if not takenSkel[ARGV[i + 1]] and not takenName[ARGV[i]] then return ARGV[i], ARGV[i + 1] end
  end
  return nil, nil
end
local function event(channel, host, room, kind, id, name)
  redis.call('PUBLISH', channel, cjson.encode({h = host, r = room, e = kind, m = {id = id, name = name}}))
end
`;

/**
 * KEYS: presence hash, this host's rooms set, hosts set, skeletons hash. ARGV: host, member id,
 * events channel, room, then the candidate names and their skeletons (name-skeleton.ts:
 * `name1, skeleton1, name2, skeleton2, …`). A member already present keeps its name; a new one
 * gets the first candidate whose skeleton no other member's name has. Returns
 * `{name, arrived (0/1), field, name, field, name, …}` (the hash before this join, from which the
 * caller lists the other members), or `{'', -1}` when every candidate is taken (ask with more).
 */
export const JOIN = new LuaScript(`${SPLIT}
local host, mid, channel, room = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local mine = host .. '|' .. mid
local all = redis.call('HGETALL', KEYS[1])
local skels, list = {}, redis.call('HGETALL', KEYS[4])
for i = 1, #list, 2 do skels[list[i]] = list[i + 1] end
local name, skel, takenSkel, takenName = nil, nil, {}, {}
for i = 1, #all, 2 do
  local _, m = split(all[i])
  local s = skels[all[i]]
  if m == mid then
    name, skel = all[i + 1], s or skel
  elseif s then
    takenSkel[s] = true
  else
    takenName[all[i + 1]] = true -- written by a host that kept no skeleton: exact name only
  end
end
local arrived = 0
if not name then
  name, skel = firstFree(takenSkel, takenName)
  if not name then return {'', -1} end
  arrived = 1
end
redis.call('HSET', KEYS[1], mine, name)
if skel then redis.call('HSET', KEYS[4], mine, skel) end
redis.call('SADD', KEYS[2], room)
redis.call('SADD', KEYS[3], host)
if arrived == 1 then event(channel, host, room, 'join', mid, name) end
local out = {name, arrived}
for i = 1, #all do out[#out + 1] = all[i] end
return out
`);

/**
 * KEYS: presence hash, this host's rooms set, skeletons hash. ARGV: host, member id, events
 * channel, room.
 * Returns the member's name when it has left the whole room (nil when it is still on another host
 * or was not registered).
 */
export const LEAVE = new LuaScript(`${SPLIT}
local host, mid, channel, room = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local mine = host .. '|' .. mid
local name = redis.call('HGET', KEYS[1], mine)
if not name then return nil end
redis.call('HDEL', KEYS[1], mine)
redis.call('HDEL', KEYS[3], mine)
local elsewhere, hostHere = false, false
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  local h, m = split(f)
  if m == mid then elsewhere = true end
  if h == host then hostHere = true end
end
if not hostHere then redis.call('SREM', KEYS[2], room) end
if elsewhere then return nil end
event(channel, host, room, 'leave', mid, name)
return name
`);

/**
 * A present member's new name (extension `rename`). KEYS: presence hash, skeletons hash. ARGV:
 * host, member id, events channel, room, then the candidates as for JOIN. Every field of the
 * member (on every host) gets the first candidate whose skeleton no other member's name has; its
 * own old name does not count. Returns `{name, 1}`, `{'', 0}` when the member is not present, or
 * `{'', -1}` when every candidate is taken (ask with more).
 */
export const RENAME = new LuaScript(`${SPLIT}
local host, mid, channel, room = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local all = redis.call('HGETALL', KEYS[1])
local skels, list = {}, redis.call('HGETALL', KEYS[2])
for i = 1, #list, 2 do skels[list[i]] = list[i + 1] end
local mine, takenSkel, takenName = {}, {}, {}
for i = 1, #all, 2 do
  local _, m = split(all[i])
  if m == mid then
    mine[#mine + 1] = all[i]
  elseif skels[all[i]] then
    takenSkel[skels[all[i]]] = true
  else
    takenName[all[i + 1]] = true
  end
end
if #mine == 0 then return {'', 0} end
local name, skel = firstFree(takenSkel, takenName)
if not name then return {'', -1} end
for _, f in ipairs(mine) do
  redis.call('HSET', KEYS[1], f, name)
  redis.call('HSET', KEYS[2], f, skel)
end
event(channel, host, room, 'rename', mid, name)
return {name, 1}
`);

/**
 * Removes a dead host's members. KEYS: its liveness key, its rooms set, hosts set, then the
 * presence hash and the skeletons hash of each of its rooms. ARGV: dead host, events channel,
 * then the room ids.
 * Does nothing (returns 0) if the host is alive after all.
 */
export const REAP = new LuaScript(`${SPLIT}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local dead, channel = ARGV[1], ARGV[2]
for r = 3, #ARGV do
  local room, presence, skeletons = ARGV[r], KEYS[2 * r - 2], KEYS[2 * r - 1]
  local all = redis.call('HGETALL', presence)
  local gone, stay = {}, {}
  for j = 1, #all, 2 do
    local h, m = split(all[j])
    if h == dead then
      redis.call('HDEL', presence, all[j])
      redis.call('HDEL', skeletons, all[j])
      gone[m] = all[j + 1]
    else
      stay[m] = true
    end
  end
  for m, name in pairs(gone) do
    if not stay[m] then event(channel, dead, room, 'leave', m, name) end
  end
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], dead)
return 1
`);
