import { connectToEntry, parseReplicaCount, serviceReplicas } from './service-replicas';

describe(serviceReplicas.name, () => {
  it('should keep the plain name and base port for a single instance', () => {
    expect(serviceReplicas('task-service', 3003, 1)).toEqual([{ index: 1, name: 'task-service', port: 3003 }]);
  });

  it('should number several instances and put each 100 ports above the previous one', () => {
    expect(serviceReplicas('task-service', 3003, 3)).toEqual([
      { index: 1, name: 'task-service#1', port: 3003 },
      { index: 2, name: 'task-service#2', port: 3103 },
      { index: 3, name: 'task-service#3', port: 3203 },
    ]);
  });
});

describe(parseReplicaCount.name, () => {
  it('should read 1 when unset or empty, and whole numbers from 1 to 8', () => {
    expect(parseReplicaCount('TASK_REPLICAS', undefined)).toBe(1);
    expect(parseReplicaCount('TASK_REPLICAS', ' ')).toBe(1);
    expect(parseReplicaCount('TASK_REPLICAS', '2')).toBe(2);
    expect(parseReplicaCount('TASK_REPLICAS', '8')).toBe(8);
  });

  it.each(['0', '9', '1.5', '-1', 'two', '2x'])('should refuse %p, naming the variable and the accepted range', (value) => {
    expect(() => parseReplicaCount('TASK_REPLICAS', value)).toThrow(
      `TASK_REPLICAS="${value}" is not a replica count: expected a whole number from 1 to 8`,
    );
  });
});

describe(connectToEntry.name, () => {
  it("should list every instance's address for the name kong.yml uses", () => {
    expect(connectToEntry('task-service', 3003, [{ host: '127.0.0.1', port: 3003 }, { host: '127.0.0.1', port: 3103 }])).toBe(
      'task-service:3003=127.0.0.1:3003|127.0.0.1:3103',
    );
  });
});
