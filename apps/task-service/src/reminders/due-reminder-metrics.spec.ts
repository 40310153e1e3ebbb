import { ServiceMetrics } from '@taskhub/platform-metrics';
import { DueReminderMetrics } from './due-reminder-metrics';

describe(DueReminderMetrics.name, () => {
  it('should count each scan by its result and the reminders it emitted', async () => {
    const metrics = new ServiceMetrics('task-service');
    const reminders = new DueReminderMetrics(metrics);

    reminders.count(null);
    reminders.count(0);
    reminders.count(3);
    reminders.count(2);

    const text = await metrics.registry.metrics();
    expect(text).toContain('task_due_reminder_scans_total{result="skipped",service="task-service"} 1');
    expect(text).toContain('task_due_reminder_scans_total{result="none_due",service="task-service"} 1');
    expect(text).toContain('task_due_reminder_scans_total{result="emitted",service="task-service"} 2');
    expect(text).toContain('task_due_reminders_emitted_total{service="task-service"} 5');
  });
});
