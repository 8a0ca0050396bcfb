--[[
  Adds to the fleet's metric hashes in one step; with a once-marker, only the first time for that marker (a run
  counted twice would count its records twice).

  Input:
    KEYS[1] the once-marker (any key of the prefix when ARGV[1] is empty)
    KEYS[2..] the hashes written
    ARGV[1] the marker's time to live (ms), or '' for no marker
    then groups of four: op ('incr' | 'max'), index into KEYS, field, value

  Output:
    1 when counted, 0 when the marker was already there
]]
if ARGV[1] ~= '' then
  if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
    return 0
  end
end
for i = 2, #ARGV, 4 do
  local key = KEYS[tonumber(ARGV[i + 1])]
  local field = ARGV[i + 2]
  local value = ARGV[i + 3]
  if ARGV[i] == 'incr' then
    redis.call('HINCRBYFLOAT', key, field, value)
  else
    local current = tonumber(redis.call('HGET', key, field) or '0')
    if tonumber(value) > current then
      redis.call('HSET', key, field, value)
    end
  end
end
return 1
