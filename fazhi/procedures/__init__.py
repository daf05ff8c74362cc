"""法定程序：期限规则、状态流转与门槛（声明见 definitions.py，计算见 deadlines.py）。"""
