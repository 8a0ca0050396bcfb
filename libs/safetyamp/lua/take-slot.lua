--[[
  Takes one call slot from a tenant's strict sliding-window budget, or says how long to wait.

  Input:
    KEYS[1] the window log: a sorted set of slot times (ms, Redis clock)
    KEYS[2] the fleet pause: a deadline (ms, Redis clock) set after a 429
    ARGV[1] max calls per window
    ARGV[2] window length (ms)
    ARGV[3] safety margin (ms), added to the window
    ARGV[4] a member unique to this call

  Output:
    { 0, now } when the slot was taken at `now` (ms, Redis clock),
    else { milliseconds to wait before trying again (>= 1), now }.

  Redis's own clock is the only clock, so the processes' clocks never matter.
]]
local logKey = KEYS[1]
local pauseKey = KEYS[2]
local max = tonumber(ARGV[1])
local span = tonumber(ARGV[2]) + tonumber(ARGV[3])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000

local pausedUntil = tonumber(redis.call('GET', pauseKey) or '0')
if pausedUntil > now then
  return { math.ceil(pausedUntil - now), math.floor(now) }
end

redis.call('ZREMRANGEBYSCORE', logKey, '-inf', string.format('%.3f', now - span))
local used = redis.call('ZCARD', logKey)
if used < max then
  redis.call('ZADD', logKey, string.format('%.3f', now), ARGV[4])
  redis.call('PEXPIRE', logKey, math.ceil(span))
  return { 0, math.floor(now) }
end

-- Full: the next slot frees when the entry that keeps the count at max leaves the window.
local blocking = redis.call('ZRANGE', logKey, used - max, used - max, 'WITHSCORES')
local wait = math.ceil(tonumber(blocking[2]) + span - now)
if wait < 1 then
  wait = 1
end
return { wait, math.floor(now) }
