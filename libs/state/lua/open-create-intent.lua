--[[
  Guards a create: in one atomic step, either finds the key already in the mirror (nothing to create), or opens
  (or renews) the key's create intent and says whether one was open before.

  Input:
    KEYS[1] the mirror's key index of the type (fleet key -> SafetyAmp id)
    KEYS[2] the key's create intent
    ARGV[1] the fleet key
    ARGV[2] the intent (JSON)
    ARGV[3] how long an intent lives (ms): longer than any job may keep retrying

  Output:
    { 'exists', id } when the mirror knows the key,
    else { 'opened', the earlier intent's JSON or '' }.
]]
local id = redis.call('HGET', KEYS[1], ARGV[1])
if id then
  return { 'exists', id }
end
local earlier = redis.call('GET', KEYS[2]) or ''
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return { 'opened', earlier }
