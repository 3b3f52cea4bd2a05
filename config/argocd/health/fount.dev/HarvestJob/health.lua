-- Argo CD health check for fount.dev/HarvestJob. Argo CD runs it in gopher-lua (Lua 5.1)
-- with the live object as `obj`; tested by health_test.yaml beside it.
--
-- A harvest runs once, so its health is its status.phase:
--   Progressing  until the operator has reconciled the current spec: no status yet, or
--                status.observedGeneration behind metadata.generation;
--   Healthy      when phase is SUCCEEDED;
--   Degraded     when phase is FAILED (the reason is in the Ready condition's message);
--   Progressing  when phase is IN_PROGRESS or not set yet.
-- The message is the Ready condition's, when there is one.

local hs = {}

local function readyMessage(status, fallback)
  if status.conditions ~= nil then
    for _, c in ipairs(status.conditions) do
      if c.type == "Ready" then
        if c.message ~= nil and c.message ~= "" then
          return c.message
        end
        if c.reason ~= nil and c.reason ~= "" then
          return c.reason
        end
      end
    end
  end
  return fallback
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to start the harvest"
  return hs
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local phase = obj.status.phase
if phase == "SUCCEEDED" then
  hs.status = "Healthy"
  hs.message = readyMessage(obj.status, "Harvest succeeded")
  return hs
end
if phase == "FAILED" then
  hs.status = "Degraded"
  hs.message = readyMessage(obj.status, "Harvest failed")
  return hs
end
hs.status = "Progressing"
if phase == "IN_PROGRESS" then
  hs.message = readyMessage(obj.status, "Harvest in progress")
else
  hs.message = readyMessage(obj.status, "Waiting for the harvest to start")
end
return hs
