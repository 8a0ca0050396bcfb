--[[
  Gives back a claim on reporting an unsynced set whose report could not be delivered: the fingerprint held
  before the claim is put back, unless a later claim replaced the claimed one meanwhile.

  Input:
    KEYS[1] the fingerprint of the last reported set
    ARGV[1] the claimed fingerprint
    ARGV[2] the fingerprint held before the claim ('' when there was none)

  Output: 1 when the claim was given back, 0 when a later claim holds the key.
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
