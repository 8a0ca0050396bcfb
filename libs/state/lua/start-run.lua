--[[
  Starts a run record, or continues it when it exists (a run job executed again after its producer died), and
  forgets runs older than the retention, in one atomic step.

  Input:
    KEYS[1] the run's hash
    KEYS[2] the index of runs (sorted set scored by start time, ms)
    ARGV[1] run id     ARGV[2] kind     ARGV[3] trigger     ARGV[4] dry run ('1' or '0')
    ARGV[5] now (ISO)  ARGV[6] now (epoch ms)
    ARGV[7] retention (ms): runs started before now - retention are deleted with their detail lists
    ARGV[8] the key prefix of a run (`<prefix>:run:`)
    ARGV[9] the most runs kept, whatever their age

  Output:
    1 when the run was created, 0 when it existed.
]]
local created = redis.call('HSETNX', KEYS[1], 'startedAt', ARGV[5])
redis.call('HSET', KEYS[1], 'runId', ARGV[1], 'kind', ARGV[2], 'trigger', ARGV[3], 'dryRun', ARGV[4],
  'status', 'planning')
if created == 0 then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1])

local function forget(ids)
  for _, id in ipairs(ids) do
    local run = ARGV[8] .. id
    redis.call('DEL', run, run .. ':invalid', run .. ':failures', run .. ':plan', run .. ':settled')
    redis.call('ZREM', KEYS[2], id)
  end
end

forget(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. (tonumber(ARGV[6]) - tonumber(ARGV[7])), 'LIMIT', 0, 1000))
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[9])
if excess > 0 then
  forget(redis.call('ZRANGE', KEYS[2], 0, excess - 1))
end
return 1
