export { makeSchedule, type Schedule, type ScheduleLike, type ScheduleSpec } from "./schedule.js";
