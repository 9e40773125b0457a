/**
 * Room-wide presence in Redis. A room's presence hash has one field `hostId|memberId` → name per
 * host a member has sockets on, so a member on two hosts counts once, and each host only ever
 * touches its own fields. The scripts decide "arrived" / "left" atomically and publish the event
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
local function event(channel, host, room, kind, id, name)
  redis.call('PUBLISH', channel, cjson.encode({h = host, r = room, e = kind, m = {id = id, name = name}}))
end
`;

/**
 * KEYS: presence hash, this host's rooms set, hosts set. ARGV: host, member id, wanted name,
 * events channel, room. Returns `{name, arrived (0/1), field, name, field, name, …}` (the hash
 * before this join, from which the caller lists the other members).
 */
export const JOIN = new LuaScript(`${SPLIT}
local host, mid, wanted, channel, room = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local all = redis.call('HGETALL', KEYS[1])
local name, taken = nil, {}
for i = 1, #all, 2 do
  local _, m = split(all[i])
  if m == mid then name = all[i + 1] else taken[all[i + 1]] = true end
end
local arrived = 0
if not name then
  arrived = 1
  name = wanted
  local n = 2
  while taken[name] do
    name = wanted .. ' (' .. n .. ')'
    n = n + 1
  end
end
redis.call('HSET', KEYS[1], host .. '|' .. mid, name)
redis.call('SADD', KEYS[2], room)
redis.call('SADD', KEYS[3], host)
if arrived == 1 then event(channel, host, room, 'join', mid, name) end
local out = {name, arrived}
for i = 1, #all do out[#out + 1] = all[i] end
return out
`);

/**
 * KEYS: presence hash, this host's rooms set. ARGV: host, member id, events channel, room.
 * Returns the member's name when it has left the whole room (nil when it is still on another host
 * or was not registered).
 */
export const LEAVE = new LuaScript(`${SPLIT}
local host, mid, channel, room = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local mine = host .. '|' .. mid
local name = redis.call('HGET', KEYS[1], mine)
if not name then return nil end
redis.call('HDEL', KEYS[1], mine)
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
 * Removes a dead host's members. KEYS: its liveness key, its rooms set, hosts set, then the
 * presence hash of each of its rooms. ARGV: dead host, events channel, then the room ids.
 * Does nothing (returns 0) if the host is alive after all.
 */
export const REAP = new LuaScript(`${SPLIT}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local dead, channel = ARGV[1], ARGV[2]
for i = 4, #KEYS do
  local room = ARGV[i - 1]
  local all = redis.call('HGETALL', KEYS[i])
  local gone, stay = {}, {}
  for j = 1, #all, 2 do
    local h, m = split(all[j])
    if h == dead then
      redis.call('HDEL', KEYS[i], all[j])
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
