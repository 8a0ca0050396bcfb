--[[
  Takes one call slot from a tenant's strict sliding-window budget, or says how long to wait.

  The log holds one entry per call, scored with the time its window starts (ms, Redis clock): while the call is
  in flight that is a presumed answer time (slot time + hold), and once it is answered (mark-answered.lua) the
  time the answer came. SafetyAmp counts a call when it arrives, which is never later than its answer, so a
  log scored by answers (in-flight calls counting as recent) can never count fewer calls than the server does,
  however long a call took to get there.

  Input:
    KEYS[1] the window log: a sorted set
    KEYS[2] the fleet pause: a deadline (ms, Redis clock) set after a 429
    ARGV[1] max calls per window
    ARGV[2] window length (ms)
    ARGV[3] safety margin (ms), added to the window
    ARGV[4] a member unique to this call
    ARGV[5] hold (ms): how long a call may stay in flight before its window is presumed to start
    ARGV[6] poll (ms): how soon to ask again while the slot that would free next is still in flight

  Output:
    { 0, now, slots still free } when the slot was taken at `now` (ms, Redis clock),
    else { milliseconds to wait before trying again (>= 1), now, 0 }.

  Redis's own clock is the only clock, so the processes' clocks never matter.
]]
local logKey = KEYS[1]
local pauseKey = KEYS[2]
local max = tonumber(ARGV[1])
local span = tonumber(ARGV[2]) + tonumber(ARGV[3])
local holdMs = tonumber(ARGV[5])
local pollMs = tonumber(ARGV[6])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000

local pausedUntil = tonumber(redis.call('GET', pauseKey) or '0')
if pausedUntil > now then
  return { math.ceil(pausedUntil - now), math.floor(now), 0 }
end

redis.call('ZREMRANGEBYSCORE', logKey, '-inf', string.format('%.3f', now - span))
local used = redis.call('ZCARD', logKey)
if used < max then
  redis.call('ZADD', logKey, string.format('%.3f', now + holdMs), ARGV[4])
  redis.call('PEXPIRE', logKey, math.ceil(holdMs + span))
  return { 0, math.floor(now), max - used - 1 }
end

-- Full: the next slot frees when the entry that keeps the count at max leaves the window.
local blocking = redis.call('ZRANGE', logKey, used - max, used - max, 'WITHSCORES')
local startsAt = tonumber(blocking[2])
local wait = math.ceil(startsAt + span - now)
if startsAt > now and wait > pollMs then
  -- Its call is still in flight: the window starts when the answer comes, which may be any moment.
  wait = pollMs
end
if wait < 1 then
  wait = 1
end
return { wait, math.floor(now), 0 }
