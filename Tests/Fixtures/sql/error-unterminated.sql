-- MySQL dump 10.13  Distrib 8.0.36
CREATE TABLE `t` (`a` int, `b` text);
INSERT INTO `t` VALUES (1,'một'),(2,'hai),(3,'ba');
INSERT INTO `t` VALUES (4,'bốn');
