--[[
  Counts one settled job on a run, once: a run executed again (its producer died) or a job seen both by an
  event and by a sweep is never counted twice.

  Input:
    KEYS[1] the run's hash
    KEYS[2] the run's set of settled job ids
    KEYS[3] the run's list of failures
    ARGV[1] the job id
    ARGV[2] the counter to add one to (`<type>.<outcome>`)
    ARGV[3] the failure (JSON) to append, or ''
    ARGV[4] how many failures the list keeps
    ARGV[5] how long the settled set lives (ms)

  Output:
    1 when counted now, 0 when it had been counted before.
]]
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then
  return 0
end
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
if ARGV[3] ~= '' then
  redis.call('RPUSH', KEYS[3], ARGV[3])
  redis.call('LTRIM', KEYS[3], -tonumber(ARGV[4]), -1)
end
return 1
